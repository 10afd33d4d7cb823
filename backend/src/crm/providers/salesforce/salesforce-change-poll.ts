import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ChangePollRequest, ChangePollResult } from '../../crm-service';
import { parseProviderBody } from '../provider-pages';
import { isWithinReserve } from './salesforce-api-allowance';
import { SALESFORCE_API_PATH } from './salesforce-client';
import type { SalesforceSyncContext } from './salesforce-contacts';
import { ZQueryBody } from './salesforce-query';
import { buildSelect, formatSoqlDateTime } from './salesforce-soql';

const ZCompositeBody = z.object({
  compositeResponse: z.array(z.object({ body: z.unknown(), httpStatusCode: z.number().int(), referenceId: z.string() })),
});

const OBJECTS = ['Contact', 'Lead'] as const;

/**
 * Did any Contact or Lead change (or go to the recycle bin) after the mark? One composite request —
 * one call against the org's daily allowance — carrying a `queryAll` per object for its newest
 * record by SystemModstamp after the mark. queryAll sees what the incremental sync's deletion reads
 * see (records in the recycle bin; a delete and a lead's conversion move SystemModstamp), so a
 * deletion wakes the sync as a change does. The new mark is the newest SystemModstamp seen: the
 * org's own clock, so no skew between clocks can hide a change.
 */
export async function pollSalesforceChanges(context: SalesforceSyncContext, request: ChangePollRequest): Promise<ChangePollResult> {
  const { http } = context;
  refuseCheckWithinReserve(context);
  const after = request.mark !== null ? `SystemModstamp > ${formatSoqlDateTime(new Date(request.mark))}` : request.since ? `SystemModstamp >= ${formatSoqlDateTime(request.since)}` : null;
  const compositeRequest = OBJECTS.map((object) => ({
    method: 'GET',
    url: `${SALESFORCE_API_PATH}/queryAll?q=${encodeURIComponent(buildSelect({ fields: ['Id', 'SystemModstamp'], object, where: [after], orderBy: 'SystemModstamp DESC', limit: 1 }))}`,
    referenceId: object,
  }));
  const operation = 'salesforce.change-poll';
  const response = await http.post<unknown>('/composite', { allOrNone: false, compositeRequest }, { operation, idempotent: true });
  const body = parseProviderBody(ZCompositeBody, response.data, 'Salesforce', operation);
  let newest: number | null = null;
  for (const sub of body.compositeResponse) {
    if (sub.httpStatusCode !== 200) {
      const detail = Array.isArray(sub.body) ? (sub.body[0] as { errorCode?: unknown; message?: unknown } | undefined) : undefined;
      throw new AppError('provider_rejected', `Salesforce refused the change check of ${sub.referenceId}: ${String(detail?.errorCode ?? sub.httpStatusCode)} ${String(detail?.message ?? '')}`.trim(), {
        platform: 'salesforce',
      });
    }
    const query = parseProviderBody(ZQueryBody, sub.body, 'Salesforce', operation);
    for (const record of query.records) {
      const stamp = typeof record.SystemModstamp === 'string' ? Date.parse(record.SystemModstamp) : Number.NaN;
      if (Number.isFinite(stamp) && (newest === null || stamp > newest)) newest = stamp;
    }
  }
  if (newest === null) return { changed: false, mark: request.mark };
  return { changed: true, mark: new Date(newest).toISOString() };
}

/**
 * The check spends the org's daily allowance as a sync does, so it leaves the same reserve to the
 * org's other integrations: while the usage last reported (by any response to this process) is
 * within it, no request goes out. No /limits read first: when this process knows no recent usage,
 * the check itself is the one request that tells it (Sforce-Limit-Info). So a paused check asks
 * again once what it knows is `usageMaxAgeMs` old (sooner when a sync or a write hears the usage).
 */
function refuseCheckWithinReserve({ orgId, allowance, settings }: SalesforceSyncContext): void {
  const usage = allowance.known(orgId, settings.usageMaxAgeMs);
  if (!usage || !isWithinReserve(usage, settings.apiReservePercent)) return;
  throw new AppError(
    'provider_quota_exhausted',
    `Salesforce's daily API allowance of this org is down to the ${settings.apiReservePercent}% reserve kept for its other integrations (${usage.used} of ${usage.max} used): changes are not checked for until it frees`,
    { platform: 'salesforce', used: usage.used, max: usage.max },
  );
}
