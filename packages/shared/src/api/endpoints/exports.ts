import { z } from 'zod';
import { ZCampaignParams } from '../../campaigns';
import { ZContactExportBody, ZContactExportQuery, ZSegmentExportQuery } from '../../contact-export';
import { ZSegmentParams } from '../../segments';
import { defineEndpoint } from '../endpoint';

/** The file itself: the document shows it as text/csv holding a string; the server streams it. */
const ZCsvFile = z.string();

const CSV_FORMAT =
  'The body is UTF-8 CSV with a byte-order mark (so Excel reads it as UTF-8), a header row, CRLF line ends; every text cell ' +
  'is quoted, quotes doubled. Dates and times are ISO 8601 (UTC), booleans `true`/`false`, a multi-select\'s values joined ' +
  'with "; ", an absent value an empty cell. ' +
  'Formula injection (OWASP, CSV injection): a text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is ' +
  'written with a `\'` in front, so that a spreadsheet shows it as text and never runs it; the headers (custom fields carry ' +
  'their CRM label) too. Two exceptions, neither of which can hold a function, reference or DDE call: in the phone columns a ' +
  'plain international number (`+` then digits, with spaces, dots, dashes or brackets only, e.g. `+1 415 555 0101`) is left ' +
  'as it is, since a quote would break the number for the next import; and a number field\'s value (`-5`) is a number. ' +
  'The rows are read from a database cursor as they are sent, so memory stays flat whatever the size. Bad input is the ' +
  'usual JSON 400 before anything is sent; an error after the first byte cannot become a status any more: the connection ' +
  'is cut (the client sees a truncated transfer, without the final chunk) and the error is logged.';
const ATTACHMENT = { 'Content-Disposition': { description: 'attachment; filename="…-YYYY-MM-DD.csv" (the date of the export, UTC)' } };

const CONTACT_EXPORT_NOTE =
  'One row per contact the filters match, in name order (last, first name, then id), with the `columns` named in the order ' +
  'named (default: name, email, phone, mobile, company, job title, CRM, record type, lifecycle stage, lead status, updated). ' +
  'A column is a standard one (`name`, `email`, `timeZone`, …) or `custom.<key>` for a mapped custom field; an unknown column, ' +
  'an unmapped key or a wrong filter tree is a 400 naming it. ';

export const exportContacts = defineEndpoint({
  operationId: 'exportContacts',
  method: 'get',
  path: '/api/v1/crm/contacts/export',
  tag: 'contacts',
  summary: 'Export contacts as CSV: GET /crm/contacts\'s filters, chosen columns, streamed',
  description: CONTACT_EXPORT_NOTE + CSV_FORMAT,
  auth: 'user',
  request: { query: ZContactExportQuery },
  response: { status: 200, description: 'The contacts as CSV', schema: ZCsvFile, contentType: 'text/csv', headers: ATTACHMENT },
  errors: [],
});

export const exportContactsByBody = defineEndpoint({
  operationId: 'exportContactsByBody',
  method: 'post',
  path: '/api/v1/crm/contacts/export',
  tag: 'contacts',
  summary: 'Export contacts as CSV by a JSON body: the same export, for a filter tree too large for a URL',
  description: 'The body holds the filters as POST /crm/contacts/query takes them (`where` a tree), `includeDeleted` and `columns` as a list. ' + CONTACT_EXPORT_NOTE + CSV_FORMAT,
  auth: 'user',
  request: { body: ZContactExportBody },
  response: { status: 200, description: 'The contacts as CSV', schema: ZCsvFile, contentType: 'text/csv', headers: ATTACHMENT },
  errors: [],
});

export const exportSegmentContacts = defineEndpoint({
  operationId: 'exportSegmentContacts',
  method: 'get',
  path: '/api/v1/segments/:id/export',
  tag: 'segments',
  summary: 'Export a segment\'s contacts as CSV: its members now (a saved filter run now, a CRM list\'s members of its last refresh)',
  description:
    CONTACT_EXPORT_NOTE.replace('the filters match', 'the segment holds now') +
    'A segment whose filter names a field the caller no longer maps is a 409 `conflict` saying which, as its contacts list is. ' +
    CSV_FORMAT,
  auth: 'user',
  request: { params: ZSegmentParams, query: ZSegmentExportQuery },
  response: { status: 200, description: 'The segment\'s contacts as CSV', schema: ZCsvFile, contentType: 'text/csv', headers: ATTACHMENT },
  errors: ['not_found', 'conflict'],
});

export const exportCampaignResults = defineEndpoint({
  operationId: 'exportCampaignResults',
  method: 'get',
  path: '/api/v1/campaigns/:id/results/export',
  tag: 'campaigns',
  summary: 'Export a campaign\'s results as CSV: one row per contact, its latest call and its write-back',
  description:
    'One row per campaign contact in name order: name, CRM, CRM record id, the number dialled, email, company, the latest call\'s ' +
    'status, outcome, time, duration and summary, and its write-back to the CRM (state, attempts, the last attempt\'s time, when ' +
    'it was written, the CRM\'s call id, the error). A contact not called yet has empty call and write-back cells. ' +
    CSV_FORMAT,
  auth: 'user',
  request: { params: ZCampaignParams },
  response: { status: 200, description: 'The results as CSV', schema: ZCsvFile, contentType: 'text/csv', headers: ATTACHMENT },
  errors: ['not_found'],
});
