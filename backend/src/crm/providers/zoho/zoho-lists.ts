import { z } from 'zod';
import type { CrmListMembersPage, CrmListSummary } from '../../crm-records';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { explainListError } from '../list-errors';
import { parseProviderBody } from '../provider-pages';
import { ZOHO_API_VERSION } from './zoho-oauth';

/** Zoho's custom views API needs this scope (or ZohoCRM.settings.custom_views.ALL, or ZohoCRM.settings.ALL). */
export const ZOHO_CUSTOM_VIEWS_SCOPE = 'ZohoCRM.settings.custom_views.READ';
const PER_PAGE = 200;
/** Zoho's `page` stops at 2,000 records; past that only `page_token` goes on. */
const MAX_DISCRETE_PAGE = 10;

const ZCustomView = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string().optional(),
  display_value: z.string().optional(),
  system_defined: z.boolean().optional(),
});
const ZCustomViews = z.object({ custom_views: z.array(ZCustomView) });
const ZViewRecords = z.object({
  data: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) })),
  info: z.object({ more_records: z.boolean().optional(), next_page_token: z.string().nullable().optional(), page: z.number().optional() }).optional(),
});
/** Our cursor over a view's records: the next `page`, or Zoho's page token past the 2,000th record. */
const ZViewCursor = z.union([z.object({ page: z.number().int().positive() }), z.object({ token: z.string().min(1) })]);

const explain = (error: unknown, listId?: string) =>
  explainListError(error, {
    crm: 'Zoho CRM',
    scope: ZOHO_CUSTOM_VIEWS_SCOPE,
    listId,
    isMissingScope: (details) => details.providerCode === 'OAUTH_SCOPE_MISMATCH',
    // An unknown cvid is Zoho's 400 INVALID_DATA (or 404 when the view was deleted).
    isMissingList: (details) => details.status === 404 || details.providerCode === 'INVALID_DATA',
  });

/** The custom views of Contacts (GET /crm/v8/settings/custom_views?module=Contacts); each is a list whose records Zoho keeps by its criteria. */
export async function listZohoCustomViews(http: ProviderHttpClient): Promise<CrmListSummary[]> {
  let data: unknown;
  try {
    const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/settings/custom_views`, { params: { module: 'Contacts' }, operation: 'zoho.custom_views' });
    if (response.status === 204) return [];
    data = response.data;
  } catch (error) {
    throw explain(error);
  }
  const body = parseProviderBody(ZCustomViews, data, 'Zoho CRM', 'the custom views list');
  return body.custom_views.map((view) => ({ id: view.id, name: view.display_value ?? view.name ?? view.id, membership: 'dynamic', size: null }));
}

/** A page of a view's records, ids only (GET /crm/v8/Contacts?cvid=…). */
export async function fetchZohoViewMembers(http: ProviderHttpClient, listId: string, cursor: string | null): Promise<CrmListMembersPage> {
  const position = cursor === null ? { page: 1 } : readCursor(cursor);
  const params: Record<string, string | number> = { cvid: listId, fields: 'id', per_page: PER_PAGE };
  if ('page' in position) params.page = position.page;
  else params.page_token = position.token;
  let data: unknown;
  try {
    const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/Contacts`, { params, operation: 'zoho.custom_view_records' });
    if (response.status === 204) return { externalIds: [], nextCursor: null };
    data = response.data;
  } catch (error) {
    throw explain(error, listId);
  }
  const body = parseProviderBody(ZViewRecords, data, 'Zoho CRM', 'the records of a custom view');
  const externalIds = body.data.map((record) => record.id);
  if (!body.info?.more_records || externalIds.length === 0) return { externalIds, nextCursor: null };
  const nextPage = ('page' in position ? position.page : MAX_DISCRETE_PAGE) + 1;
  const token = body.info.next_page_token ?? null;
  const next = 'page' in position && nextPage <= MAX_DISCRETE_PAGE ? { page: nextPage } : token ? { token } : null;
  return { externalIds, nextCursor: next ? JSON.stringify(next) : null };
}

function readCursor(cursor: string): z.infer<typeof ZViewCursor> {
  let raw: unknown = null;
  try {
    raw = JSON.parse(cursor);
  } catch {
    // Falls through to the schema's refusal.
  }
  return parseProviderBody(ZViewCursor, raw, 'Zoho CRM', 'a custom view cursor');
}
