import { hash32 } from './hash';
import type { PersonFields } from './seeded-people-table';
import type { FieldDef, FieldValue, SRecord } from './schema';
import { formatDate } from './sf-time';

/**
 * The custom fields every sandbox org starts with, one of each kind an admin creates in Setup
 * (text, long text, number, currency, checkbox, date, date/time, picklist, multi-select, phone,
 * email, an auto-number and a formula), some on Contact and Lead, a few on one only. Seeded
 * records get deterministic values for them, computed with the record (a few hashes: no faker).
 */
export type SeedContext = { seed: number; ordinal: number; salt: number; person: PersonFields };
export type SeededCustomField = { objects: ReadonlyArray<'Contact' | 'Lead'>; def: FieldDef; seedValue?: (ctx: SeedContext) => FieldValue };

const BOTH = ['Contact', 'Lead'] as const;
const DAY_MS = 86_400_000;
const SEED_EPOCH = Date.UTC(2026, 0, 1);

const custom = (name: string, label: string, type: FieldDef['type'], length: number, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type,
  length,
  nillable: type !== 'boolean',
  createable: true,
  updateable: true,
  custom: true,
  ...extra,
});

const option = (value: string, label: string, active = true) => ({ value, label, active });

export const PLAN_OPTIONS = [option('starter', 'Starter'), option('pro', 'Pro'), option('enterprise', 'Enterprise'), option('legacy', 'Legacy (retired)', false)];
const LANGUAGE_OPTIONS = [option('en', 'English'), option('de', 'German'), option('fr', 'French'), option('es', 'Spanish'), option('pl', 'Polish'), option('pt', 'Portuguese')];
const INTEREST_OPTIONS = [option('voice', 'Voice agents'), option('sms', 'SMS'), option('email', 'Email campaigns'), option('analytics', 'Analytics')];

const LANGUAGE_BY_COUNTRY: Record<string, string> = { US: 'en', DE: 'de', FR: 'fr', ES: 'es', PL: 'pl', BR: 'pt' };
const ZONES_BY_COUNTRY: Record<string, string[]> = {
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  DE: ['Europe/Berlin'],
  FR: ['Europe/Paris'],
  ES: ['Europe/Madrid'],
  PL: ['Europe/Warsaw'],
  BR: ['America/Sao_Paulo'],
};

/** 0..99, the same for the same record and field. */
const roll = (ctx: SeedContext, field: number) => hash32(ctx.seed, ctx.ordinal, 1000 + ctx.salt * 100 + field) % 100;

function planOf(ctx: SeedContext): string | null {
  const r = roll(ctx, 4);
  return r < 50 ? 'starter' : r < 80 ? 'pro' : r < 92 ? 'enterprise' : null;
}

/** Digits of the record's Id (its number), for an auto-number that follows creation order. */
function recordNumber(record: SRecord): number | null {
  const id = record.Id;
  if (typeof id !== 'string' || id.length < 15) return null;
  const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = 0;
  for (let i = 6; i < 15; i++) n = n * 62 + Math.max(0, DIGITS.indexOf(id[i]!));
  return n;
}

// Values are looked up rather than built per record: a 200,000-record export reads each once.
const LONG_NOTE = 'Renewal call notes: discussed seat expansion, billing contact and the onboarding plan for the new team. ';
const SHORT_NOTES = LONG_NOTE.trim();
const LONG_NOTES = LONG_NOTE.repeat(30).trim();
const DATES_2026 = Array.from({ length: 365 }, (_, day) => formatDate(SEED_EPOCH + day * DAY_MS));
const INTEREST_SETS = Array.from({ length: 16 }, (_, bits) => INTEREST_OPTIONS.filter((_, i) => bits & (1 << i)).map((choice) => choice.value).join(';') || null);

export const SEEDED_CUSTOM_FIELDS: SeededCustomField[] = [
  {
    objects: BOTH,
    def: custom('Time_Zone__c', 'Time Zone', 'string', 40),
    seedValue: (ctx) => {
      if (roll(ctx, 1) < 15) return null;
      const zones = ZONES_BY_COUNTRY[ctx.person.country] ?? ['UTC'];
      return zones[roll(ctx, 2) % zones.length]!;
    },
  },
  {
    objects: BOTH,
    def: custom('Preferred_Language__c', 'Preferred Language', 'picklist', 255, { options: LANGUAGE_OPTIONS, restrictedPicklist: true }),
    seedValue: (ctx) => (roll(ctx, 3) < 10 ? null : (LANGUAGE_BY_COUNTRY[ctx.person.country] ?? 'en')),
  },
  {
    objects: BOTH,
    def: custom('Call_Consent__c', 'Consent to Be Called', 'boolean', 0),
    seedValue: (ctx) => roll(ctx, 5) < 70,
  },
  {
    objects: BOTH,
    def: custom('Plan__c', 'Plan', 'picklist', 255, { options: PLAN_OPTIONS, restrictedPicklist: true }),
    seedValue: planOf,
  },
  {
    objects: BOTH,
    def: custom('Renewal_Date__c', 'Renewal Date', 'date', 0),
    seedValue: (ctx) => (planOf(ctx) === null ? null : DATES_2026[hash32(ctx.seed, ctx.ordinal, 1006 + ctx.salt) % 365]!),
  },
  {
    objects: BOTH,
    def: custom('Last_Purchase_At__c', 'Last Purchase At', 'datetime', 0),
    // Whole seconds before the seeded epoch, so reads never depend on the clock.
    seedValue: (ctx) => (roll(ctx, 7) < 20 ? null : SEED_EPOCH - (1 + (hash32(ctx.seed, ctx.ordinal, 1008 + ctx.salt) % (400 * 86_400))) * 1000),
  },
  {
    objects: BOTH,
    def: custom('Interests__c', 'Interests', 'multipicklist', 4099, { options: INTEREST_OPTIONS, restrictedPicklist: true }),
    seedValue: (ctx) => INTEREST_SETS[hash32(ctx.seed, ctx.ordinal, 1009 + ctx.salt) % 16]!,
  },
  {
    objects: BOTH,
    def: custom('Backup_Phone__c', 'Backup Phone', 'phone', 40),
    seedValue: (ctx) => (roll(ctx, 10) < 70 ? null : `+1 555-010-${String(hash32(ctx.seed, ctx.ordinal, 1011) % 10_000).padStart(4, '0')}`),
  },
  {
    objects: BOTH,
    def: custom('Billing_Email__c', 'Billing Email', 'email', 80),
    seedValue: (ctx) => {
      const domain = ctx.person.email?.split('@')[1];
      return roll(ctx, 12) < 60 || !domain ? null : `billing@${domain}`;
    },
  },
  {
    objects: ['Contact'],
    def: custom('Seats__c', 'Seats', 'double', 0, { precision: 18, scale: 0 }),
    seedValue: (ctx) => {
      const plan = planOf(ctx);
      const r = hash32(ctx.seed, ctx.ordinal, 1013);
      return plan === null ? null : plan === 'starter' ? 1 + (r % 5) : plan === 'pro' ? 5 + (r % 46) : 50 + (r % 451);
    },
  },
  {
    objects: ['Contact'],
    def: custom('Account_Notes__c', 'Account Notes', 'textarea', 32_768, { extraTypeInfo: 'plaintextarea' }),
    // One in fifty is longer than anyone would read out: the product truncates those.
    seedValue: (ctx) => {
      const r = roll(ctx, 14);
      if (r < 70) return null;
      return r < 98 ? SHORT_NOTES : LONG_NOTES;
    },
  },
  {
    objects: ['Contact'],
    def: custom('Customer_Number__c', 'Customer Number', 'string', 30, {
      autoNumber: true,
      nillable: false,
      createable: false,
      updateable: false,
      compute: (record) => {
        const n = recordNumber(record);
        return n === null ? null : `CN-${String(n).padStart(6, '0')}`;
      },
    }),
  },
  {
    objects: ['Contact'],
    def: custom('Health_Score__c', 'Health Score', 'double', 0, {
      precision: 18,
      scale: 0,
      createable: false,
      updateable: false,
      calculatedFormula: 'IF(ISBLANK(Seats__c), null, IF(DoNotCall, 0, MIN(100, 40 + ROUND(Seats__c / 5, 0))))',
      compute: (record) => {
        const seats = record.Seats__c;
        if (typeof seats !== 'number') return null;
        return record.DoNotCall === true ? 0 : Math.min(100, 40 + Math.round(seats / 5));
      },
    }),
  },
  {
    objects: ['Lead'],
    def: custom('Trial_Ends_On__c', 'Trial Ends On', 'date', 0),
    seedValue: (ctx) => (roll(ctx, 15) < 50 ? null : DATES_2026[hash32(ctx.seed, ctx.ordinal, 1016) % 60]!),
  },
  {
    objects: ['Lead'],
    def: custom('Budget__c', 'Budget', 'currency', 0, { precision: 16, scale: 2 }),
    seedValue: (ctx) => (roll(ctx, 17) < 40 ? null : (hash32(ctx.seed, ctx.ordinal, 1018) % 5_000_000) / 100),
  },
];
