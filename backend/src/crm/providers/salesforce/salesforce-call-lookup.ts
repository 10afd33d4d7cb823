import type { CallLog } from '../../crm-service';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { bodyHasMarker } from '../logged-call-marker';
import { runQuery, runQueryMore, type TQueryBody } from './salesforce-query';
import { buildSelect, formatSoqlDateTime, inList, isSalesforceId } from './salesforce-soql';

/** Contacts per query: keeps the SOQL (sent in the URL) well under its length limits. */
const IDS_PER_QUERY = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

type Found = { externalId: string } | null;

/**
 * For each call, the Task on its contact or lead whose Description carries its marker. Salesforce
 * cannot filter on a long text area, so one query per 100 contacts reads their call Tasks created
 * since a day before the earliest call, and the markers are matched here.
 */
export async function findSalesforceCalls(http: ProviderHttpClient, calls: CallLog[]): Promise<Found[]> {
  const found: Found[] = calls.map(() => null);
  const byContact = new Map<string, number[]>();
  calls.forEach((call, index) => {
    if (!isSalesforceId(call.contactExternalId)) return;
    const key = idKey(call.contactExternalId);
    byContact.set(key, [...(byContact.get(key) ?? []), index]);
  });
  if (byContact.size === 0) return found;
  const since = new Date(Math.min(...calls.map((call) => call.startedAt.getTime())) - DAY_MS);
  const contactIds = [...new Set(calls.map((call) => call.contactExternalId).filter(isSalesforceId))];
  for (let start = 0; start < contactIds.length; start += IDS_PER_QUERY) {
    const soql = buildSelect({
      fields: ['Id', 'WhoId', 'Description'],
      object: 'Task',
      where: [inList('WhoId', contactIds.slice(start, start + IDS_PER_QUERY)), "TaskSubtype = 'Call'", `CreatedDate >= ${formatSoqlDateTime(since)}`],
    });
    let body: TQueryBody = await runQuery(http, soql, { operation: 'salesforce.tasks.find' });
    for (;;) {
      for (const task of body.records) {
        const indexes = typeof task.WhoId === 'string' ? byContact.get(idKey(task.WhoId)) : undefined;
        for (const index of indexes ?? []) {
          if (found[index] === null && bodyHasMarker(task.Description as string | null | undefined, calls[index]!.marker)) found[index] = { externalId: task.Id };
        }
      }
      if (body.done || !body.nextRecordsUrl) break;
      body = await runQueryMore(http, body.nextRecordsUrl, { operation: 'salesforce.tasks.find' });
    }
  }
  return found;
}

/** The case-sensitive 15-character id inside an 18-character one: Salesforce answers with 18, callers may hold either. */
function idKey(id: string): string {
  return id.slice(0, 15);
}
