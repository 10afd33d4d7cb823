import { z } from 'zod';
import {
  ZCampaignAnalytics,
  ZCampaignAnalyticsQuery,
  ZContactAnalytics,
  ZContactAnalyticsQuery,
  ZSyncAnalytics,
  ZSyncAnalyticsQuery,
  ZUpdateUserSettingsBody,
  ZUserSettings,
  ZWriteBackAnalytics,
  ZWriteBackAnalyticsQuery,
} from '../../analytics';
import { defineEndpoint } from '../endpoint';

const QUERY_NOTE =
  'The range is [from, to), ISO 8601 instants; buckets (`granularity` hour, day or week, weeks starting on Monday) start at ' +
  'midnight / the hour in `timeZone` (default: the user\'s setting, else UTC), so a day across a daylight-saving change lasts ' +
  '23 or 25 hours. Every bucket of the range is present, empty ones as 0 (a rate as null). `from` ≥ `to`, a range over 400 ' +
  'days, or hourly buckets over more than 31 days are a 400. `platform` keeps one CRM; `segment` keeps the contacts of one ' +
  'of the caller\'s segments (an unknown one is a 404). ';
const CSV_NOTE =
  'With `Accept: text/csv` or `?format=csv` the answer is CSV (UTF-8 with a byte-order mark, CRLF, text quoted, formula ' +
  'cells prefixed with `\'`, as the exports write): `chart=<key>` gives that chart as a table (a time series: one row per ' +
  'bucket, one column per series; the heat map: one row per weekday × hour); without `chart`, every chart of the section ' +
  'in long form (chart, row, column, value).';
const CSV_RESPONSE = {
  headers: { 'Content-Disposition': { description: 'With CSV only: attachment; filename="analytics-<section>-YYYY-MM-DD.csv"' } },
  alternative: { contentType: 'text/csv', schema: z.string(), description: 'The same figures as CSV' },
};

export const getContactAnalytics = defineEndpoint({
  operationId: 'getContactAnalytics',
  method: 'get',
  path: '/api/v1/analytics/contacts',
  tag: 'analytics',
  summary: 'Contacts: per CRM over time, callable coverage by country, reasons not callable, duplicates, stages',
  description: QUERY_NOTE + CSV_NOTE,
  auth: 'user',
  request: { query: ZContactAnalyticsQuery },
  response: { status: 200, description: 'The contacts section, every chart ready to draw', schema: ZContactAnalytics, ...CSV_RESPONSE },
  errors: ['not_found'],
});

export const getSyncAnalytics = defineEndpoint({
  operationId: 'getSyncAnalytics',
  method: 'get',
  path: '/api/v1/analytics/sync',
  tag: 'analytics',
  summary: 'Sync health: runs by result, duration and throughput, provider API use against limits, webhook lag, current errors',
  description: QUERY_NOTE + 'Sync is per connection, so `segment` does not narrow it. ' + CSV_NOTE,
  auth: 'user',
  request: { query: ZSyncAnalyticsQuery },
  response: { status: 200, description: 'The sync section, every chart ready to draw', schema: ZSyncAnalytics, ...CSV_RESPONSE },
  errors: ['not_found'],
});

export const getCampaignAnalytics = defineEndpoint({
  operationId: 'getCampaignAnalytics',
  method: 'get',
  path: '/api/v1/analytics/campaigns',
  tag: 'analytics',
  summary: 'Campaigns: outcomes over time, answer rate by local hour and weekday, answered duration, rates by stage or field, campaigns compared',
  description: QUERY_NOTE + '`field` names a custom field (its key) for the answer rate by its value; an unknown key is a 400. ' + CSV_NOTE,
  auth: 'user',
  request: { query: ZCampaignAnalyticsQuery },
  response: { status: 200, description: 'The campaigns section, every chart ready to draw', schema: ZCampaignAnalytics, ...CSV_RESPONSE },
  errors: ['not_found'],
});

export const getWriteBackAnalytics = defineEndpoint({
  operationId: 'getWriteBackAnalytics',
  method: 'get',
  path: '/api/v1/analytics/write-back',
  tag: 'analytics',
  summary: 'Write-back of call results: success rate, latency from call to CRM, failures by reason',
  description: QUERY_NOTE + CSV_NOTE,
  auth: 'user',
  request: { query: ZWriteBackAnalyticsQuery },
  response: { status: 200, description: 'The write-back section, every chart ready to draw', schema: ZWriteBackAnalytics, ...CSV_RESPONSE },
  errors: ['not_found'],
});

export const getUserSettings = defineEndpoint({
  operationId: 'getUserSettings',
  method: 'get',
  path: '/api/v1/me/settings',
  tag: 'platform',
  summary: 'The signed-in user\'s settings: the time zone analytics bucket by, and whether suppressions are written back to the CRMs',
  description:
    '`timeZone` null: never chosen; analytics then bucket in UTC unless a request names a zone (the web app may set the browser\'s). ' +
    '`suppressionWriteBack` (default false): each number suppressed from then on is set as do-not-call on its contacts in the connected CRMs.',
  auth: 'user',
  request: {},
  response: { status: 200, description: 'The settings', schema: ZUserSettings },
  errors: [],
});

export const updateUserSettings = defineEndpoint({
  operationId: 'updateUserSettings',
  method: 'patch',
  path: '/api/v1/me/settings',
  tag: 'platform',
  summary: 'Change the signed-in user\'s settings (the time zone, null clears it; the suppressions\' write-back to the CRMs)',
  auth: 'user',
  request: { body: ZUpdateUserSettingsBody },
  response: { status: 200, description: 'The settings as they are now', schema: ZUserSettings },
  errors: [],
});

