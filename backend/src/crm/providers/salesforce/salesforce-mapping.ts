import { z } from 'zod';
import type { CrmContactRecord, NewContact } from '../../crm-service';
import { toCountryCode } from '../country-codes';
import { formatSoqlDateTime } from './salesforce-soql';

export type SalesforceObject = 'Contact' | 'Lead';

/** What a sync reads of each object; Account.Name is the one relationship field we need (the company). */
export const SALESFORCE_FIELDS: Record<SalesforceObject, readonly string[]> = {
  Contact: [
    'Id', 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'AccountId', 'Account.Name', 'MailingCountry',
    'LeadSource', 'OwnerId', 'DoNotCall', 'HasOptedOutOfEmail', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp',
  ],
  Lead: [
    'Id', 'FirstName', 'LastName', 'Company', 'Email', 'Phone', 'MobilePhone', 'Title', 'Status', 'LeadSource', 'Country',
    'OwnerId', 'DoNotCall', 'HasOptedOutOfEmail', 'IsConverted', 'ConvertedContactId', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp',
  ],
};

const BOOLEAN_FIELDS = new Set(['DoNotCall', 'HasOptedOutOfEmail', 'IsConverted', 'IsDeleted']);
const DATETIME_FIELDS = new Set(['CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'ConvertedDate']);

/** A record as the REST API returns it: Id, `attributes`, and whatever was selected. */
export const ZSalesforceRecord = z.looseObject({ Id: z.string().min(1), SystemModstamp: z.string().nullable().optional() });
export type TSalesforceRecord = z.infer<typeof ZSalesforceRecord>;

/** Web-to-Lead's own placeholder for a lead whose company nobody gave (Company is required on Lead). */
export const UNKNOWN_COMPANY = '[not provided]';

/**
 * A Contact or Lead as our contact. `lifecycleStage` stays null: Salesforce has no lifecycle stage
 * on either object, and LeadSource says where someone came from ("Web"), not how far they are
 * along — it stays readable in rawProperties. Whether it is a lead is `objectType`; a lead's
 * progress is `leadStatus` (Lead.Status).
 */
export function mapSalesforceRecord(object: SalesforceObject, record: TSalesforceRecord): CrmContactRecord {
  const email = readText(record.Email);
  const isLead = object === 'Lead';
  return {
    externalId: record.Id,
    objectType: isLead ? 'lead' : 'contact',
    firstName: readText(record.FirstName),
    lastName: readText(record.LastName),
    email: email === null ? null : email.toLowerCase(),
    phone: readText(record.Phone),
    mobilePhone: readText(record.MobilePhone),
    company: isLead ? readLeadCompany(record.Company) : readText((record.Account as { Name?: unknown } | null | undefined)?.Name),
    jobTitle: readText(record.Title),
    lifecycleStage: null,
    leadStatus: isLead ? readText(record.Status) : null,
    ownerId: readText(record.OwnerId),
    country: toCountryCode(isLead ? record.Country : record.MailingCountry),
    rawProperties: withoutAttributes(record),
    crmCreatedAt: readSalesforceTime(record.CreatedDate),
    crmUpdatedAt: readSalesforceTime(record.SystemModstamp),
  };
}

/**
 * A Bulk API 2.0 CSV row as the REST API would have returned the record: empty cells are null,
 * booleans are booleans, datetimes in REST's `…000+0000` form, and `Account.Name` nested — so a
 * record reads the same whichever API the sync used.
 */
export function fromCsvRow(row: Record<string, string>): TSalesforceRecord {
  const record: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(row)) {
    const value = cell === '' ? null : cell;
    if (column === 'Account.Name') {
      record.Account = value === null ? null : { Name: value };
    } else if (BOOLEAN_FIELDS.has(column)) {
      record[column] = value === null ? null : value.toLowerCase() === 'true';
    } else if (DATETIME_FIELDS.has(column) && value !== null && !Number.isNaN(Date.parse(value))) {
      record[column] = formatSoqlDateTime(new Date(value));
    } else {
      record[column] = value;
    }
  }
  return ZSalesforceRecord.parse(record);
}

/** Our fields as a Contact or Lead to insert. A Contact's company would be an Account: not created from here. */
export function toSalesforceRecord(input: NewContact): { object: SalesforceObject; fields: Record<string, unknown> } {
  const object: SalesforceObject = input.objectType === 'lead' ? 'Lead' : 'Contact';
  const fields: Record<string, unknown> = {
    FirstName: input.firstName,
    LastName: input.lastName,
    Email: input.email?.trim().toLowerCase(),
    Phone: input.phone,
    MobilePhone: input.mobilePhone,
    Title: input.jobTitle,
  };
  if (object === 'Lead') fields.Company = input.company?.trim() || UNKNOWN_COMPANY;
  return { object, fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) };
}

/** Salesforce writes `2026-01-01T00:00:00.000+0000` in JSON and `…000Z` in CSV. */
export function readSalesforceTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/** The record without Salesforce's `attributes` (type and URL), here and in nested relationship records. */
function withoutAttributes(record: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    copy[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? withoutAttributes(value as Record<string, unknown>) : value;
  }
  return copy;
}

/** Company is required on Lead, so "[not provided]" stands where nobody gave one: no company to show, search or read out. */
function readLeadCompany(value: unknown): string | null {
  const company = readText(value);
  return company === UNKNOWN_COMPANY ? null : company;
}

function readText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
