import { isValidPhoneNumber } from 'libphonenumber-js/max';
import type pg from 'pg';
import { expect } from 'vitest';
import { HUBSPOT_STANDARD_FIELD_DEFAULTS } from '../../../src/crm/providers/hubspot/hubspot-fields';
import { HUBSPOT_CONTACT_PROPERTIES } from '../../../src/crm/providers/hubspot/hubspot-mapping';
import { SALESFORCE_FIELDS } from '../../../src/crm/providers/salesforce/salesforce-mapping';
import { ZOHO_CONTACT_FIELDS } from '../../../src/crm/providers/zoho/zoho-mapping';
import type { Platform, SyncTestbed } from './sync-testbed';

/**
 * What the sandbox holds, read straight from its public API with a token minted by its admin, and
 * mapped here by hand — not through the provider code under test — to the row a sync must write.
 */
export type ExpectedContact = {
  external_id: string;
  /** 'lead' only for Salesforce Leads. */
  object_type: 'contact' | 'lead';
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  mobile_phone: string | null;
  mobile_phone_e164: string | null;
  company: string | null;
  job_title: string | null;
  lifecycle_stage: string | null;
  lead_status: string | null;
  owner_id: string | null;
  crm_created_at: string | null;
  crm_updated_at: string | null;
  raw_properties: Record<string, unknown>;
};

// The sandbox's six countries, as it names them: calling code, and the trunk prefix national numbers start with.
const NUMBERING: Record<string, { code: string; trunk: string }> = {
  'United States': { code: '1', trunk: '' },
  Germany: { code: '49', trunk: '0' },
  France: { code: '33', trunk: '0' },
  Spain: { code: '34', trunk: '' },
  Poland: { code: '48', trunk: '' },
  Brazil: { code: '55', trunk: '0' },
};
// Salesforce's seeded records name the same countries as typed: also by ISO code, and "USA".
Object.assign(NUMBERING, { US: NUMBERING['United States'], USA: NUMBERING['United States'], DE: NUMBERING.Germany, FR: NUMBERING.France, ES: NUMBERING.Spain, PL: NUMBERING.Poland, BR: NUMBERING.Brazil });

/**
 * E.164 of the sandbox's number formats, worked out by hand: international ones ("+49 30 …",
 * "0049-30-…") carry their code; national ones are read in the contact's country (its code,
 * less its trunk 0 where it has one), else in the server's default region, the US ("1-415-…" already starts with
 * the 1), "0049-30-…" is international; text without digits is no number. Whether a result is an assigned number (the sandbox
 * draws subscriber digits at random, so some fall in unassigned ranges, such as French mobiles
 * 691… or Brazilian 8-digit numbers starting with 9) only the numbering plan knows: that one
 * question goes to libphonenumber's full metadata.
 */
export function expectedE164(raw: string | null, country: string | null): string | null {
  if (raw === null) return null;
  const digits = raw.replace(/\D/g, '');
  if (digits === '') return null;
  if (raw.trim().startsWith('+')) return validOrNull(`+${digits}`);
  // No country (some Salesforce records have none): the server's default region, the US.
  const numbering = NUMBERING[country ?? 'United States'];
  if (!numbering) throw new Error(`no numbering plan for ${country}`);
  const { code, trunk } = numbering;
  const national = code === '1' ? asNorthAmerican(digits) : `+${code}${trunk && digits.startsWith(trunk) ? digits.slice(trunk.length) : digits}`;
  // "00" starts an international number in every one of the six countries; "011" too in the US (its own exit code).
  const international = [...(digits.startsWith('00') ? [`+${digits.slice(2)}`] : []), ...(code === '1' && digits.startsWith('011') ? [`+${digits.slice(3)}`] : [])];
  const candidates = [...international, national, ...(code === '1' ? [] : [asNorthAmerican(digits)])];
  return candidates.find((candidate) => isValidPhoneNumber(candidate)) ?? null;
}

function asNorthAmerican(digits: string): string {
  return digits.length === 11 && digits.startsWith('1') ? `+${digits}` : `+1${digits}`;
}

function validOrNull(e164: string): string | null {
  return isValidPhoneNumber(e164) ? e164 : null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const iso = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? new Date(/^\d+$/.test(value) ? Number(value) : value).toISOString() : null);

export async function readHubSpotTruth(testbed: SyncTestbed): Promise<Map<string, ExpectedContact>> {
  const token = testbed.hubspot.admin.mintToken(testbed.portalId).access_token;
  const truth = new Map<string, ExpectedContact>();
  let after: string | undefined;
  do {
    const url = new URL(`${testbed.hubspot.url}/crm/v3/objects/contacts`);
    url.searchParams.set('limit', '100');
    // What a sync asks for: our properties and those the CRM's default mapping adds (time zone, language, owner).
    url.searchParams.set('properties', [...HUBSPOT_CONTACT_PROPERTIES, ...HUBSPOT_STANDARD_FIELD_DEFAULTS.map((d) => d.field)].join(','));
    if (after) url.searchParams.set('after', after);
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<{ id: string; properties: Record<string, unknown> }>; paging?: { next?: { after: string } } };
    for (const { id, properties: p } of body.results) {
      const country = text(p.country);
      truth.set(id, {
        external_id: id,
        object_type: 'contact',
        first_name: text(p.firstname),
        last_name: text(p.lastname),
        email: text(p.email)?.toLowerCase() ?? null,
        phone: text(p.phone),
        phone_e164: expectedE164(text(p.phone), country),
        mobile_phone: text(p.mobilephone),
        mobile_phone_e164: expectedE164(text(p.mobilephone), country),
        company: text(p.company),
        job_title: text(p.jobtitle),
        lifecycle_stage: text(p.lifecyclestage),
        lead_status: text(p.hs_lead_status),
        owner_id: text(p.hubspot_owner_id),
        crm_created_at: iso(p.createdate),
        crm_updated_at: iso(p.hs_lastmodifieddate ?? p.lastmodifieddate),
        raw_properties: p,
      });
    }
    after = body.paging?.next?.after;
  } while (after);
  return truth;
}

export async function readZohoTruth(testbed: SyncTestbed): Promise<Map<string, ExpectedContact>> {
  const minted = testbed.zoho.admin.mintToken(testbed.zohoOrgId);
  const truth = new Map<string, ExpectedContact>();
  let pageToken: string | null = null;
  do {
    const url = new URL(`${minted.api_domain}/crm/v8/Contacts`);
    url.searchParams.set('fields', ZOHO_CONTACT_FIELDS.join(','));
    url.searchParams.set('per_page', '200');
    if (pageToken) url.searchParams.set('page_token', pageToken);
    const res = await fetch(url, { headers: { authorization: `Zoho-oauthtoken ${minted.access_token}` } });
    if (res.status === 204) break;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<Record<string, unknown>>; info: { next_page_token: string | null; more_records: boolean } };
    for (const record of body.data) {
      const id = String(record.id);
      const country = text(record.Mailing_Country);
      const account = record.Account_Name as { name?: unknown } | null;
      const owner = record.Owner as { id?: unknown } | null;
      truth.set(id, {
        external_id: id,
        object_type: 'contact',
        first_name: text(record.First_Name),
        last_name: text(record.Last_Name),
        email: text(record.Email)?.toLowerCase() ?? null,
        phone: text(record.Phone),
        phone_e164: expectedE164(text(record.Phone), country),
        mobile_phone: text(record.Mobile),
        mobile_phone_e164: expectedE164(text(record.Mobile), country),
        company: text(account?.name),
        job_title: text(record.Title),
        // Zoho Contacts have neither.
        lifecycle_stage: null,
        lead_status: null,
        owner_id: owner?.id === undefined ? null : String(owner.id),
        crm_created_at: iso(record.Created_Time),
        crm_updated_at: iso(record.Modified_Time),
        raw_properties: record,
      });
    }
    pageToken = body.info.more_records ? body.info.next_page_token : null;
  } while (pageToken);
  return truth;
}

/** Salesforce's JSON datetimes (`2026-01-01T00:00:00.000+0000`) as ISO strings. */
const sfIso = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString() : null);

/** A record as the REST API returned it, less Salesforce's `attributes` (here and in Account). */
function withoutAttributes(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => key !== 'attributes')
      .map(([key, value]) => [key, value !== null && typeof value === 'object' ? withoutAttributes(value as Record<string, unknown>) : value]),
  );
}

/** Every record a SOQL query returns, following nextRecordsUrl (a token minted by the sandbox's admin). */
export async function querySalesforce(testbed: SyncTestbed, orgId: string, soql: string, options: { all?: boolean } = {}): Promise<Array<Record<string, unknown>>> {
  const org = testbed.salesforce.orgs.find((candidate) => candidate.id === orgId)!;
  const token = testbed.salesforce.admin.mintToken(orgId).access_token;
  const records: Array<Record<string, unknown>> = [];
  let next: string | undefined = `/services/data/v62.0/${options.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`;
  while (next) {
    const res = await fetch(`${org.instanceUrl}${next}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { records: Array<Record<string, unknown>>; done: boolean; nextRecordsUrl?: string };
    records.push(...body.records);
    next = body.done ? undefined : body.nextRecordsUrl;
  }
  return records;
}

/**
 * The org's live Contacts and unconverted Leads (converted leads live on as their contacts; the
 * recycle bin is not read by /query), mapped by hand: company is Account.Name or Lead.Company,
 * status is Lead.Status, updated time SystemModstamp, country MailingCountry or Country.
 */
export async function readSalesforceTruth(testbed: SyncTestbed, orgId = testbed.salesforceOrgIds[0]!): Promise<Map<string, ExpectedContact>> {
  const truth = new Map<string, ExpectedContact>();
  for (const object of ['Contact', 'Lead'] as const) {
    const where = object === 'Lead' ? ' WHERE IsConverted = false' : '';
    for (const record of await querySalesforce(testbed, orgId, `SELECT ${SALESFORCE_FIELDS[object].join(', ')} FROM ${object}${where}`)) {
      const isLead = object === 'Lead';
      const country = text(isLead ? record.Country : record.MailingCountry);
      const id = String(record.Id);
      truth.set(id, {
        external_id: id,
        object_type: isLead ? 'lead' : 'contact',
        first_name: text(record.FirstName),
        last_name: text(record.LastName),
        email: text(record.Email)?.toLowerCase() ?? null,
        phone: text(record.Phone),
        phone_e164: expectedE164(text(record.Phone), country),
        mobile_phone: text(record.MobilePhone),
        mobile_phone_e164: expectedE164(text(record.MobilePhone), country),
        // "[not provided]" is what Salesforce's required Lead.Company holds when nobody gave one: no company.
        company: isLead ? (record.Company === '[not provided]' ? null : text(record.Company)) : text((record.Account as { Name?: unknown } | null)?.Name),
        job_title: text(record.Title),
        lifecycle_stage: null,
        lead_status: isLead ? text(record.Status) : null,
        owner_id: text(record.OwnerId),
        crm_created_at: sfIso(record.CreatedDate),
        crm_updated_at: sfIso(record.SystemModstamp),
        raw_properties: withoutAttributes(record),
      });
    }
  }
  return truth;
}

export function readTruth(testbed: SyncTestbed, platform: Platform): Promise<Map<string, ExpectedContact>> {
  if (platform === 'salesforce') return readSalesforceTruth(testbed);
  return platform === 'hubspot' ? readHubSpotTruth(testbed) : readZohoTruth(testbed);
}

/** The user's live contacts of one platform, as the sync wrote them. */
export async function readLocalContacts(pool: pg.Pool, userId: string, platform: Platform): Promise<Map<string, ExpectedContact>> {
  const { rows } = await pool.query<ExpectedContact>(
    `select external_id, object_type, first_name, last_name, email, phone, phone_e164, mobile_phone, mobile_phone_e164, company, job_title,
            lifecycle_stage, lead_status, owner_id, raw_properties,
            to_char(crm_created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as crm_created_at,
            to_char(crm_updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as crm_updated_at
     from crm_contacts where user_id = $1 and platform = $2 and deleted_at is null`,
    [userId, platform],
  );
  return new Map(rows.map((row) => [row.external_id, row]));
}

/**
 * Asserts the local copy equals the truth: the same ids, and every mapped field of every contact.
 * Differences are reported a few at a time, by id and field, rather than as one giant diff.
 */
export function expectSameContacts(local: Map<string, ExpectedContact>, truth: Map<string, ExpectedContact>): void {
  const missing = [...truth.keys()].filter((id) => !local.has(id));
  const extra = [...local.keys()].filter((id) => !truth.has(id));
  expect({ missing: missing.slice(0, 5), missingCount: missing.length, extra: extra.slice(0, 5), extraCount: extra.length }).toEqual({
    missing: [],
    missingCount: 0,
    extra: [],
    extraCount: 0,
  });
  const differences: string[] = [];
  for (const [id, expected] of truth) {
    const actual = local.get(id)!;
    for (const key of Object.keys(expected) as Array<keyof ExpectedContact>) {
      if (JSON.stringify(actual[key]) !== JSON.stringify(expected[key]) && !(key === 'raw_properties' && isSameJson(actual[key], expected[key]))) {
        differences.push(`${id}.${key}: ${JSON.stringify(actual[key])} ≠ ${JSON.stringify(expected[key])}`);
      }
    }
  }
  expect(differences.slice(0, 10)).toEqual([]);
}

/** jsonb does not keep key order. */
function isSameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
}
