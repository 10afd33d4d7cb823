import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { CrmListMembersPage, CrmListSummary } from '../../crm-records';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { explainListError } from '../list-errors';
import { parseProviderBody } from '../provider-pages';
import { runQuery, runQueryMore } from './salesforce-query';

const ZListView = z.object({ id: z.string().min(1), label: z.string(), developerName: z.string().optional(), soqlCompatible: z.boolean().optional() });
const ZListViews = z.object({ listviews: z.array(ZListView), nextRecordsUrl: z.string().nullable().optional() });
const ZDescribe = z.object({ query: z.string().min(1), sobjectType: z.string().optional() });
const BATCH_SIZE = 2000;
/** A list view id: Salesforce's 15- or 18-character id (key prefix 00B). */
const LIST_VIEW_ID = /^[a-zA-Z0-9]{15,18}$/;

// `api` covers list views: no scope of its own to miss.
const explain = (error: unknown, listId?: string) => explainListError(error, { crm: 'Salesforce', scope: null, listId, isMissingScope: () => false });

/** The list views of Contact (GET /sobjects/Contact/listviews); those SOQL cannot read (soqlCompatible false) are left out. */
export async function listSalesforceListViews(http: ProviderHttpClient): Promise<CrmListSummary[]> {
  let data: unknown;
  try {
    data = (await http.get<unknown>('/sobjects/Contact/listviews', { operation: 'salesforce.listviews' })).data;
  } catch (error) {
    throw explain(error);
  }
  const body = parseProviderBody(ZListViews, data, 'Salesforce', 'the list views of Contact');
  return body.listviews.filter((view) => view.soqlCompatible !== false).map((view) => ({ id: view.id, name: view.label, membership: 'dynamic', size: null }));
}

/**
 * A page of a list view's contacts: the first from the view's own query (GET …/listviews/{id}/describe,
 * its columns narrowed to Id), the next by the query's nextRecordsUrl.
 */
export async function fetchSalesforceListViewMembers(http: ProviderHttpClient, listId: string, cursor: string | null): Promise<CrmListMembersPage> {
  if (!LIST_VIEW_ID.test(listId)) throw new AppError('not_found', `Salesforce has no list view ${listId}`, { platform: 'salesforce', listId });
  try {
    const body = cursor
      ? await runQueryMore(http, cursor, { batchSize: BATCH_SIZE, operation: 'salesforce.listview.members' })
      : await runQuery(http, await describeListViewQuery(http, listId), { batchSize: BATCH_SIZE, operation: 'salesforce.listview.members' });
    const externalIds = body.records.flatMap((record) => (typeof record.Id === 'string' ? [record.Id] : []));
    return { externalIds, nextCursor: body.done ? null : (body.nextRecordsUrl ?? null) };
  } catch (error) {
    throw explain(error, listId);
  }
}

async function describeListViewQuery(http: ProviderHttpClient, listId: string): Promise<string> {
  const data = (await http.get<unknown>(`/sobjects/Contact/listviews/${listId}/describe`, { operation: 'salesforce.listview.describe' })).data;
  const { query } = parseProviderBody(ZDescribe, data, 'Salesforce', 'a list view description');
  // Only the ids are needed: the view's columns would cost bytes, its filter and order stay.
  return query.replace(/^\s*SELECT\s+[\s\S]+?\s+FROM\s+Contact\b/i, 'SELECT Id FROM Contact');
}
