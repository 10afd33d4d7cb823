import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { ChangePollRequest, ChangePollResult } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import { SALESFORCE_API_PATH } from './salesforce-client';
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
export async function pollSalesforceChanges(http: ProviderHttpClient, request: ChangePollRequest): Promise<ChangePollResult> {
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
