import type { Pool } from 'pg';
import metadata from 'libphonenumber-js/metadata.min.json';
import type { TContactAnalytics, TContactAnalyticsQuery } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withUser } from '../db/transactions';
import { platformSeries, ratio, toTable, toTimeSeries } from './analytics-charts';
import { openAnalyticsWindow, type AnalyticsWindowSettings } from './analytics-window';
import * as repository from './contact-analytics-repository';
import * as rollup from './contact-analytics-rollup-repository';
import { isRollupAnswerable } from './rollup-eligibility';

const CALLING_CODES = (metadata as { country_calling_codes: Record<string, string[]> }).country_calling_codes;

/** The calling code a number starts with (codes are a prefix code of 1–3 digits) and its main country. */
export function readCallingCode(prefix: string): { code: string; country: string } | null {
  for (let length = 1; length <= 3; length += 1) {
    const code = prefix.slice(1, 1 + length);
    const countries = CALLING_CODES[code];
    if (countries?.[0]) return { code: `+${code}`, country: countries[0] };
  }
  return null;
}

const REASONS = [
  { key: 'no_number', label: 'No number' },
  { key: 'invalid_number', label: 'Invalid number' },
  { key: 'do_not_call', label: 'Do not call' },
  { key: 'suppressed', label: 'Suppressed' },
  { key: 'no_consent', label: 'No consent' },
] as const;

export type ContactAnalyticsService = ReturnType<typeof createContactAnalyticsService>;

export function createContactAnalyticsService(pool: Pool, settings: AnalyticsWindowSettings) {
  return {
    async getContactAnalytics(user: AuthenticatedUser, query: TContactAnalyticsQuery): Promise<TContactAnalytics> {
      return withUser(pool, user.claims, async (db) => {
        const window = await openAnalyticsWindow(db, user.id, query, settings);
        // The rollups (0238, 0241) know no segment. Coverage and the stages are states, not events: the
        // rollups answer them for any range; the time series only for the ranges the hourly ones can.
        const isStateFromRollup = !window.segment;
        const isSeriesFromRollup = isStateFromRollup && (await isRollupAnswerable(db, window));
        const countOverTime = isSeriesFromRollup ? rollup.countContactsOverTimeFromRollup : repository.countContactsOverTime;
        const created = await countOverTime(db, window, 'crm_created_at');
        const synced = await countOverTime(db, window, 'created_at');
        const { prefixes, reasons } = isStateFromRollup ? await rollup.countCoverageFromRollup(db, window) : await repository.countCoverage(db, window);
        // One CRM holds no one twice across CRMs.
        const countDuplicates = isStateFromRollup ? rollup.countCrossCrmDuplicatesFromRollup : repository.countCrossCrmDuplicates;
        const duplicates = window.platform ? [] : await countDuplicates(db, window);
        // Raw: index-only scans (0175's (user_id, lifecycle_stage | lead_status, platform) indexes), cheaper apart.
        const countByStage = isStateFromRollup ? rollup.countContactsByStageFromRollup : repository.countContactsByStage;
        const stages = await countByStage(db, window, 'lifecycle_stage');
        const statuses = await countByStage(db, window, 'lead_status');

        const byCountry = new Map<string, { country: string | null; callingCode: string | null; contacts: number; callable: number }>();
        for (const row of prefixes) {
          const code = row.prefix ? readCallingCode(row.prefix) : null;
          const key = code?.code ?? 'none';
          const entry = byCountry.get(key) ?? { country: code?.country ?? null, callingCode: code?.code ?? null, contacts: 0, callable: 0 };
          entry.contacts += row.contacts;
          entry.callable += row.callable;
          byCountry.set(key, entry);
        }
        const countries = [...byCountry.values()].sort((a, b) => b.contacts - a.contacts || String(a.country).localeCompare(String(b.country)));
        const contacts = countries.reduce((sum, row) => sum + row.contacts, 0);
        const callable = countries.reduce((sum, row) => sum + row.callable, 0);
        const series = platformSeries(window);

        return {
          meta: window.meta,
          totals: { contacts, callable, notCallable: contacts - callable },
          createdInCrm: toTimeSeries(window, { key: 'createdInCrm', title: 'Contacts created in the CRM', unit: 'count' }, series, created, 0),
          syncedHere: toTimeSeries(window, { key: 'syncedHere', title: 'Contacts first synced here', unit: 'count' }, series, synced, 0),
          callableByCountry: toTable(
            { key: 'callableByCountry', title: 'Callable coverage by country of the number' },
            [
              { key: 'country', label: 'Country', unit: 'text' },
              { key: 'callingCode', label: 'Calling code', unit: 'text' },
              { key: 'contacts', label: 'Contacts', unit: 'count' },
              { key: 'callable', label: 'Callable', unit: 'count' },
              { key: 'share', label: 'Share callable', unit: 'ratio' },
            ],
            countries.map((row) => ({ ...row, share: ratio(row.callable, row.contacts) })),
          ),
          notCallableReasons: toTable(
            { key: 'notCallableReasons', title: 'Reasons contacts cannot be called' },
            [
              { key: 'reason', label: 'Reason', unit: 'text' },
              { key: 'label', label: 'Label', unit: 'text' },
              { key: 'contacts', label: 'Contacts', unit: 'count' },
            ],
            REASONS.map((reason) => ({ reason: reason.key, label: reason.label, contacts: reasons[reason.key] })),
          ),
          duplicates: toTable(
            { key: 'duplicates', title: 'People in more than one CRM (same e-mail, else same number)' },
            [
              { key: 'platforms', label: 'CRMs', unit: 'text' },
              { key: 'people', label: 'People', unit: 'count' },
              { key: 'contacts', label: 'Contacts', unit: 'count' },
            ],
            duplicates.map((row) => ({ ...row })),
          ),
          byLifecycleStage: toTable(
            { key: 'byLifecycleStage', title: 'Contacts by lifecycle stage' },
            [
              { key: 'platform', label: 'CRM', unit: 'platform' },
              { key: 'value', label: 'Lifecycle stage', unit: 'text' },
              { key: 'contacts', label: 'Contacts', unit: 'count' },
            ],
            stages.map((row) => ({ ...row })),
          ),
          byLeadStatus: toTable(
            { key: 'byLeadStatus', title: 'Contacts by lead status' },
            [
              { key: 'platform', label: 'CRM', unit: 'platform' },
              { key: 'value', label: 'Lead status', unit: 'text' },
              { key: 'contacts', label: 'Contacts', unit: 'count' },
            ],
            statuses.map((row) => ({ ...row })),
          ),
        };
      });
    },
  };
}
