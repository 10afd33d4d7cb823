import type { ContactFields, FieldValue, StoredContact } from './contact-fields';
import { INTEREST_VALUES, PLAN_OPTIONS } from './field-defs';
import type { ZohoFieldDef } from './field-defs';
import { formatZohoTime } from './zoho-time';

/**
 * Custom field values of a contact. Seeded contacts carry none until someone writes one: their
 * values of the org's seed fields are computed from the contact's index when a read asks for
 * them, so seeding 200,000 contacts costs nothing more. A written value (in `fields`) wins.
 * Date-times are kept as epoch milliseconds and written in the org's offset when read.
 */
export function storedCustomValue(contact: StoredContact, def: ZohoFieldDef): FieldValue {
  if (def.dataType === 'autonumber') return autonumberOf(contact);
  if (def.apiName in contact.fields) return contact.fields[def.apiName] ?? null;
  if (def.seeded && contact.ref.kind === 'seeded') return seededValue(def.apiName, contact.ref.index, contact.fields);
  return def.dataType === 'boolean' ? false : null;
}

/** The value as Zoho's JSON carries it: numbers, booleans, "2026-03-01", an offset date-time, a picklist's actual value, an array. */
export function renderCustomValue(contact: StoredContact, def: ZohoFieldDef, offsetMinutes: number, seats: () => FieldValue): unknown {
  if (def.dataType === 'formula') return healthScore(seats());
  const value = storedCustomValue(contact, def);
  if (def.dataType === 'datetime' && typeof value === 'number') return formatZohoTime(value, offsetMinutes);
  return value;
}

/** The sandbox's one formula, Min(100, Seats * 2.5): null while Seats is empty, as Zoho leaves it. */
function healthScore(seats: FieldValue): number | null {
  return typeof seats === 'number' ? Math.min(100, seats * 2.5) : null;
}

function autonumberOf(contact: StoredContact): string {
  const n = contact.ref.kind === 'seeded' ? contact.ref.index + 1 : 1_000_000 + contact.ref.seq;
  return `CUS-${String(n).padStart(7, '0')}`;
}

const LANGUAGES: Record<string, string> = { 'United States': 'English', Germany: 'German', France: 'French', Spain: 'Spanish', Poland: 'Polish', Brazil: 'Portuguese' };
const ZONES: Record<string, string[]> = {
  'United States': ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  Germany: ['Europe/Berlin'],
  France: ['Europe/Paris'],
  Spain: ['Europe/Madrid'],
  Poland: ['Europe/Warsaw'],
  Brazil: ['America/Sao_Paulo'],
};
const NOTES = ['Prefers calls in the morning.', 'Asked for a renewal quote last quarter.', 'Decision maker; loops in procurement for anything above 50 seats.', 'Reach out before the end of the fiscal year.'];
const PLAN_VALUES = PLAN_OPTIONS.slice(1).map((option) => option.actual);
const SEAT_RANGES: Record<string, [number, number]> = { starter: [1, 5], pro: [5, 50], enterprise: [50, 500] };
const PRICE_PER_SEAT: Record<string, number> = { starter: 20, pro: 45, enterprise: 80 };
const DAY_MS = 86_400_000;

/** A cheap, stable mix of the contact's index and a per-field salt. */
function dice(index: number, salt: number): number {
  let h = Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/** The seed fields' values of seeded contact `index`; some are empty, as in a CRM people fill in by hand. */
function seededValue(apiName: string, index: number, fields: ContactFields): FieldValue {
  const country = typeof fields.Mailing_Country === 'string' ? fields.Mailing_Country : '';
  const plan = index % 9 === 4 ? null : (PLAN_VALUES[dice(index, 2) % PLAN_VALUES.length] ?? null);
  switch (apiName) {
    case 'Renewal_Date':
      return index % 7 === 3 ? null : new Date(Date.UTC(2026, 0, 1) + (dice(index, 1) % 540) * DAY_MS).toISOString().slice(0, 10);
    case 'Plan':
      return plan;
    case 'Seats':
      return seatsOf(plan, index);
    case 'Annual_Value': {
      const seats = seatsOf(plan, index);
      return plan === null || seats === null ? null : seats * (PRICE_PER_SEAT[plan] ?? 0) * 12;
    }
    case 'Preferred_Language':
      return index % 11 === 5 ? null : (LANGUAGES[country] ?? null);
    case 'Do_Not_Call':
      return index % 17 === 6;
    case 'Time_Zone': {
      const zones = ZONES[country];
      return !zones || index % 8 === 7 ? null : (zones[dice(index, 6) % zones.length] ?? null);
    }
    case 'Last_Purchase_At':
      return index % 5 === 2 ? null : Date.UTC(2025, 0, 1) + (dice(index, 7) % (400 * 86_400)) * 1000;
    case 'Interests': {
      if (index % 4 === 1) return null;
      const first = dice(index, 8) % INTEREST_VALUES.length;
      const count = 1 + (dice(index, 9) % 3);
      return Array.from({ length: count }, (_, k) => INTEREST_VALUES[(first + k) % INTEREST_VALUES.length] as string);
    }
    case 'Account_Notes':
      return index % 3 === 0 ? (NOTES[dice(index, 10) % NOTES.length] ?? null) : null;
    case 'Backup_Phone':
      return index % 6 === 0 && typeof fields.Mobile === 'string' ? fields.Mobile : null;
    case 'Billing_Email': {
      const domain = typeof fields.Email === 'string' ? fields.Email.split('@')[1] : undefined;
      return index % 4 === 0 && domain ? `billing@${domain}` : null;
    }
    default:
      return null;
  }
}

function seatsOf(plan: string | null, index: number): number | null {
  const range = plan === null ? undefined : SEAT_RANGES[plan];
  if (!range) return null;
  return range[0] + (dice(index, 3) % (range[1] - range[0] + 1));
}
