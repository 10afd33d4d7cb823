import { z } from 'zod';
import type { CrmContactRecord, NewContact } from '../../crm-service';
import { toCountryCode } from '../country-codes';

/** The Contacts fields a sync asks Zoho for (Zoho requires `fields`; `id` always comes back). */
export const ZOHO_CONTACT_FIELDS = [
  'First_Name',
  'Last_Name',
  'Email',
  'Phone',
  'Mobile',
  'Account_Name',
  'Title',
  'Lead_Source',
  'Owner',
  'Mailing_Country',
  'Created_Time',
  'Modified_Time',
] as const;

/** A Contacts record: its id plus whatever fields were asked for; the rest is read leniently below. */
export const ZZohoRecord = z.looseObject({ id: z.string().min(1), Modified_Time: z.string().optional() });
export type TZohoRecord = z.infer<typeof ZZohoRecord>;

/**
 * Zoho Contacts have no lifecycle stage and no lead status (those live on Leads). Lead_Source —
 * where the person came from ("Trade Show") — is not a status, so putting it in `leadStatus`
 * would mislead every filter on that column; both stay null and Lead_Source stays readable in
 * `rawProperties`.
 */
export function mapZohoContact(record: TZohoRecord): CrmContactRecord {
  const email = readText(record.Email);
  return {
    externalId: record.id,
    firstName: readText(record.First_Name),
    lastName: readText(record.Last_Name),
    email: email === null ? null : email.toLowerCase(),
    phone: readText(record.Phone),
    mobilePhone: readText(record.Mobile),
    company: readLookupName(record.Account_Name),
    jobTitle: readText(record.Title),
    lifecycleStage: null,
    leadStatus: null,
    ownerId: readLookupId(record.Owner),
    country: toCountryCode(record.Mailing_Country),
    rawProperties: record,
    crmCreatedAt: readZohoTime(record.Created_Time),
    crmUpdatedAt: readZohoTime(record.Modified_Time),
  };
}

/** Our fields as a Contacts record to insert; Account_Name is a lookup Zoho resolves by name. */
export function toZohoRecord(input: NewContact): Record<string, unknown> {
  const record: Record<string, unknown> = {
    First_Name: input.firstName,
    Last_Name: input.lastName,
    Email: input.email?.trim().toLowerCase(),
    Phone: input.phone,
    Mobile: input.mobilePhone,
    Title: input.jobTitle,
    Account_Name: input.company ? { name: input.company } : undefined,
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== ''));
}

/** Zoho writes times as ISO 8601 with the org's offset ("2024-05-01T10:15:30-07:00"). */
export function readZohoTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * A date-time as Zoho documents it for If-Modified-Since and record fields: ISO 8601 with an
 * offset, whole seconds. Flooring to the second only widens an inclusive bound.
 */
export function formatZohoDateTime(at: Date): string {
  return `${new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

function readText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function readLookupName(value: unknown): string | null {
  if (typeof value === 'string') return readText(value);
  return typeof value === 'object' && value !== null ? readText((value as { name?: unknown }).name) : null;
}

function readLookupId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null;
}
