import type pg from 'pg';
import type { TContact, TContactListResponse, TContactObjectType, TPlatform } from '@voiceagent/shared';

/** A contact to insert directly (sync is another component); unset fields stay null. */
export type ContactSeed = {
  platform?: TPlatform;
  objectType?: TContactObjectType;
  externalId?: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  phoneE164?: string | null;
  mobilePhone?: string | null;
  mobilePhoneE164?: string | null;
  company?: string | null;
  jobTitle?: string | null;
  crmUpdatedAt?: Date | null;
  deletedAt?: Date | null;
};

let externalCounter = 0;

/** Inserts contacts for a user as superuser, in one statement; returns their ids in order. */
export async function insertContacts(pool: pg.Pool, userId: string, seeds: ContactSeed[]): Promise<string[]> {
  if (seeds.length === 0) return [];
  const rows = seeds.map((seed) => ({
    platform: seed.platform ?? 'hubspot',
    object_type: seed.objectType ?? 'contact',
    external_id: seed.externalId ?? `ext-${++externalCounter}-${Math.random().toString(36).slice(2, 8)}`,
    first_name: seed.firstName ?? null,
    last_name: seed.lastName ?? null,
    email: seed.email ?? null,
    phone: seed.phone ?? null,
    phone_e164: seed.phoneE164 ?? null,
    mobile_phone: seed.mobilePhone ?? null,
    mobile_phone_e164: seed.mobilePhoneE164 ?? null,
    company: seed.company ?? null,
    job_title: seed.jobTitle ?? null,
    crm_updated_at: seed.crmUpdatedAt === undefined ? null : seed.crmUpdatedAt?.toISOString() ?? null,
    deleted_at: seed.deletedAt?.toISOString() ?? null,
  }));
  const { rows: inserted } = await pool.query<{ id: string; external_id: string; platform: string }>(
    `insert into public.crm_contacts (user_id, platform, object_type, external_id, first_name, last_name, email, phone, phone_e164,
       mobile_phone, mobile_phone_e164, company, job_title, crm_updated_at, deleted_at)
     select $1, r.platform, r.object_type, r.external_id, r.first_name, r.last_name, r.email, r.phone, r.phone_e164, r.mobile_phone,
            r.mobile_phone_e164, r.company, r.job_title, r.crm_updated_at, r.deleted_at
     from jsonb_to_recordset($2::jsonb) as r(platform text, object_type text, external_id text, first_name text, last_name text,
       email text, phone text, phone_e164 text, mobile_phone text, mobile_phone_e164 text, company text, job_title text,
       crm_updated_at timestamptz, deleted_at timestamptz)
     returning id, external_id, platform`,
    [userId, JSON.stringify(rows)],
  );
  const idByKey = new Map(inserted.map((row) => [`${row.platform}/${row.external_id}`, row.id]));
  return rows.map((row) => idByKey.get(`${row.platform}/${row.external_id}`)!);
}

/** A mapping onto a custom key, as PUT …/field-mappings would have saved it. */
export type CustomMappingSeed = { platform: string; objectType?: string; field: string; key: string; label: string; type: string; options?: Array<{ value: string; label: string }> };

/** Inserts custom-key mappings as superuser, as if saved through the mapping screen. */
export async function insertMappings(pool: pg.Pool, userId: string, mappings: CustomMappingSeed[]): Promise<void> {
  for (const m of mappings) {
    await pool.query(
      `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type, options)
       values ($1, $2, $3, $4, 'custom', $5, $6, $7, $8)`,
      [userId, m.platform, m.objectType ?? 'contact', m.field, m.key, m.label, m.type, JSON.stringify(m.options ?? [])],
    );
  }
}

export type ApiCaller = (path: string) => Promise<{ status: number; body: unknown }>;

/** Calls the API as a user (by their Authorization header). */
export function createApiCaller(baseUrl: string, authorization: { authorization: string }): ApiCaller {
  return async (path) => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, { headers: authorization });
    return { status: res.status, body: await res.json() };
  };
}

/** GET /crm/contacts with a query, expecting 200 and the unified view. */
export async function listUnified(api: ApiCaller, query: string): Promise<Extract<TContactListResponse, { view: 'unified' }>> {
  const { status, body } = await api(`/crm/contacts${query ? `?${query}` : ''}`);
  if (status !== 200) throw new Error(`GET /crm/contacts?${query} → ${status}: ${JSON.stringify(body)}`);
  const response = body as TContactListResponse;
  if (response.view !== 'unified') throw new Error('expected the unified view');
  return response;
}

/** Follows nextCursor until the end; `between` runs before each further page. */
export async function listAllPages(
  api: ApiCaller,
  query: string,
  between: (pageNumber: number) => Promise<void> = async () => {},
): Promise<TContact[][]> {
  const pages: TContact[][] = [];
  let cursor: string | null = null;
  do {
    if (pages.length > 0) await between(pages.length);
    const page = await listUnified(api, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error('paging does not end');
  } while (cursor);
  return pages;
}
