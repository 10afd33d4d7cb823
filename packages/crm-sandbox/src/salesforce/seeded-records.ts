import { generateAccountTimestamps } from '../common/seeded-people';
import { hash32, hashString } from './hash';
import { makeId } from './ids';
import type { OrgSchema } from './org-schema';
import { SEEDED_CUSTOM_FIELDS } from './seeded-custom-fields';
import type { PersonFields, SeededPeopleTable } from './seeded-people-table';
import { LEAD_SOURCES, LEAD_STATUSES } from './schema';
import type { SRecord } from './schema';
import { formatDate } from './sf-time';

/** Seeded data is dated before this instant (as the shared people are), so it never depends on the clock. */
export const SEEDED_EPOCH_END = Date.UTC(2026, 0, 1);

const COUNTRY_NAMES: Record<string, string> = { US: 'United States', DE: 'Germany', FR: 'France', ES: 'Spain', PL: 'Poland', BR: 'Brazil' };

/** Fields of a seeded record computed without faker: what most WHERE and ORDER BY clauses read. */
export const CHEAP_FIELDS = {
  Contact: new Set(['Id', 'LeadSource', 'OwnerId', 'DoNotCall', 'HasOptedOutOfEmail', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted']),
  Lead: new Set(['Id', 'Status', 'LeadSource', 'OwnerId', 'DoNotCall', 'HasOptedOutOfEmail', 'IsConverted', 'ConvertedContactId', 'ConvertedDate', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted']),
};

export type SeededOrgPlan = {
  seed: number;
  pod: string;
  ownerId: string;
  people: SeededPeopleTable;
  /** Which seeded custom fields still exist, so their values come with the record. */
  schema: OrgSchema;
};

/** When a seeded record was created, last modified and stamped, and whether it sits in the recycle bin. */
type Times = { created: number; modified: number; stamp: number; deletedAt: number | null };

const SALT = { Contact: 1, Lead: 2 };

export function seededTimes(plan: SeededOrgPlan, type: 'Contact' | 'Lead', ordinal: number): Times {
  const salt = SALT[type];
  const times = generateAccountTimestamps({ accountSeed: plan.seed * 31 + salt, sharedSeed: 0 }, ordinal);
  const created = times.createdAt.getTime();
  let modified = times.updatedAt.getTime();
  // One record in ten was touched by an import or mass update: whole groups share one stamp, as
  // records changed together do, so keyset paging has ties to get right.
  if (ordinal % 10 === 3) {
    const group = Math.floor(ordinal / 500);
    const batch = SEEDED_EPOCH_END - (1 + (hash32(plan.seed, group, 11 + salt) % 200)) * 86_400_000 + (hash32(plan.seed, group, 13) % 86_400) * 1000;
    modified = Math.max(batch, created);
  }
  const deleted = hash32(plan.seed, ordinal, 17 + salt) % 100 === 0;
  const deletedAt = deleted ? Math.max(modified + 1000, SEEDED_EPOCH_END - (1 + (hash32(plan.seed, ordinal, 19) % 20)) * 86_400_000) : null;
  return { created, modified, stamp: deletedAt ?? modified, deletedAt };
}

function leadSourceOf(plan: SeededOrgPlan, salt: number, ordinal: number): string | null {
  const roll = hash32(plan.seed, ordinal, 23 + salt) % (LEAD_SOURCES.length + 1);
  return roll === LEAD_SOURCES.length ? null : LEAD_SOURCES[roll]!;
}

function flagRoll(plan: SeededOrgPlan, salt: number, ordinal: number): number {
  return hash32(plan.seed, ordinal, 29 + salt) % 100;
}

// Records are built as one object literal each, never by spreading: V8 turns an object grown by
// spreads of this many keys into a slow dictionary, which cost 11 µs per record.

export function cheapContact(plan: SeededOrgPlan, ordinal: number): SRecord {
  const t = seededTimes(plan, 'Contact', ordinal);
  const roll = flagRoll(plan, 1, ordinal);
  return {
    Id: makeId('Contact', plan.pod, ordinal + 1),
    LeadSource: leadSourceOf(plan, 1, ordinal),
    OwnerId: plan.ownerId,
    DoNotCall: roll < 4,
    HasOptedOutOfEmail: roll >= 94,
    CreatedDate: t.created,
    LastModifiedDate: t.modified,
    SystemModstamp: t.stamp,
    IsDeleted: t.deletedAt !== null,
  };
}

export function fullContact(plan: SeededOrgPlan, ordinal: number): SRecord {
  const person = plan.people.person(plan.people.contactPerson[ordinal]!);
  const t = seededTimes(plan, 'Contact', ordinal);
  const roll = flagRoll(plan, 1, ordinal);
  const record: SRecord = {
    Id: makeId('Contact', plan.pod, ordinal + 1),
    FirstName: person.firstName,
    LastName: person.lastName,
    Email: person.email,
    Phone: person.phone,
    MobilePhone: person.mobilePhone,
    Title: person.title,
    AccountId: person.company ? makeId('Account', plan.pod, 1 + (hashString(person.company) % 50_000_000)) : null,
    'Account.Name': person.company,
    MailingCountry: countryAsTyped(plan, person, ordinal),
    LeadSource: leadSourceOf(plan, 1, ordinal),
    OwnerId: plan.ownerId,
    DoNotCall: roll < 4,
    HasOptedOutOfEmail: roll >= 94,
    CreatedDate: t.created,
    LastModifiedDate: t.modified,
    SystemModstamp: t.stamp,
    IsDeleted: t.deletedAt !== null,
  };
  return addCustomValues(plan, 'Contact', ordinal, person, record);
}

const SEEDED_BY_TYPE = {
  Contact: SEEDED_CUSTOM_FIELDS.filter((field) => field.seedValue && field.objects.includes('Contact')),
  Lead: SEEDED_CUSTOM_FIELDS.filter((field) => field.seedValue && field.objects.includes('Lead')),
};

/** The seeded custom fields' values (those fields the org still has), a few hashes each. */
function addCustomValues(plan: SeededOrgPlan, type: 'Contact' | 'Lead', ordinal: number, person: PersonFields, record: SRecord): SRecord {
  const ctx = { seed: plan.seed, ordinal, salt: SALT[type], person };
  for (const field of SEEDED_BY_TYPE[type]) {
    if (plan.schema.hasSeededValues(type, field.def.name)) record[field.def.name] = field.seedValue!(ctx);
  }
  return record;
}

/** One lead in twelve was converted; the Contact it became holds the same person. */
function convertedContactOf(plan: SeededOrgPlan, ordinal: number): number | null {
  const contacts = plan.people.contactPerson.length;
  if (contacts === 0 || hash32(plan.seed, ordinal, 31) % 12 !== 0) return null;
  return hash32(plan.seed, ordinal, 37) % contacts;
}

function leadStatus(plan: SeededOrgPlan, ordinal: number, converted: number | null): string {
  return converted !== null ? LEAD_STATUSES[2]! : [LEAD_STATUSES[0]!, LEAD_STATUSES[1]!, LEAD_STATUSES[3]!][hash32(plan.seed, ordinal, 41) % 3]!;
}

export function cheapLead(plan: SeededOrgPlan, ordinal: number): SRecord {
  const t = seededTimes(plan, 'Lead', ordinal);
  const converted = convertedContactOf(plan, ordinal);
  const roll = flagRoll(plan, 2, ordinal);
  return {
    Id: makeId('Lead', plan.pod, ordinal + 1),
    Status: leadStatus(plan, ordinal, converted),
    LeadSource: leadSourceOf(plan, 2, ordinal),
    OwnerId: plan.ownerId,
    DoNotCall: roll < 4,
    HasOptedOutOfEmail: roll >= 94,
    IsConverted: converted !== null,
    ConvertedContactId: converted === null ? null : makeId('Contact', plan.pod, converted + 1),
    ConvertedDate: converted === null ? null : formatDate(t.modified),
    CreatedDate: t.created,
    LastModifiedDate: t.modified,
    SystemModstamp: t.stamp,
    IsDeleted: t.deletedAt !== null,
  };
}

export function fullLead(plan: SeededOrgPlan, ordinal: number): SRecord {
  const converted = convertedContactOf(plan, ordinal);
  const personIndex = converted === null ? plan.people.leadPerson[ordinal]! : plan.people.contactPerson[converted]!;
  const person = plan.people.person(personIndex);
  const t = seededTimes(plan, 'Lead', ordinal);
  const roll = flagRoll(plan, 2, ordinal);
  const record: SRecord = {
    Id: makeId('Lead', plan.pod, ordinal + 1),
    FirstName: person.firstName,
    LastName: person.lastName,
    // Salesforce requires Company; imports without one fill in this placeholder.
    Company: person.company ?? '[not provided]',
    Email: person.email,
    Phone: person.phone,
    MobilePhone: person.mobilePhone,
    Title: person.title,
    Status: leadStatus(plan, ordinal, converted),
    LeadSource: leadSourceOf(plan, 2, ordinal),
    Country: countryAsTyped(plan, person, ordinal + 7),
    OwnerId: plan.ownerId,
    DoNotCall: roll < 4,
    HasOptedOutOfEmail: roll >= 94,
    IsConverted: converted !== null,
    ConvertedContactId: converted === null ? null : makeId('Contact', plan.pod, converted + 1),
    ConvertedDate: converted === null ? null : formatDate(t.modified),
    CreatedDate: t.created,
    LastModifiedDate: t.modified,
    SystemModstamp: t.stamp,
    IsDeleted: t.deletedAt !== null,
  };
  return addCustomValues(plan, 'Lead', ordinal, person, record);
}

/** When the seeded record was deleted (it is in the recycle bin), or null. */
export function seededDeletedAt(plan: SeededOrgPlan, type: 'Contact' | 'Lead', ordinal: number): number | null {
  return seededTimes(plan, type, ordinal).deletedAt;
}

/** Mostly the full name ("Germany"), sometimes the ISO code someone typed ("DE"), sometimes nothing. */
function countryAsTyped(plan: SeededOrgPlan, person: PersonFields, salt: number): string | null {
  const roll = hash32(plan.seed, salt, 43) % 20;
  if (roll < 14) return COUNTRY_NAMES[person.country] ?? person.country;
  if (roll < 18) return person.country;
  if (roll < 19 && person.country === 'US') return 'USA';
  return null;
}
