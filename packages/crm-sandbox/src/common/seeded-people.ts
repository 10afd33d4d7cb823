import { base, de, en, en_US, es, Faker, fr, pl, pt_BR, type LocaleDefinition } from '@faker-js/faker';
import { createFastMersenneRandomizer } from './fast-mersenne';

/**
 * Deterministic people for the sandbox CRMs. Person `index` of an account is computed on
 * demand from (seed, index), so an account of 1,000,000 contacts costs nothing until a page
 * of it is read, and the same seed always yields the same data.
 *
 * The mess is deliberate, because real CRMs are like this: people without phones or emails,
 * numbers written in national, international and odd formats from several countries, accented
 * and non-Latin names, the same people in HubSpot and Zoho, and duplicates inside one CRM.
 */
export type SeededPerson = {
  firstName: string;
  lastName: string;
  email: string | null;
  /** As a person typed it into the CRM: any format, sometimes not a number at all. */
  phone: string | null;
  mobilePhone: string | null;
  company: string | null;
  jobTitle: string | null;
  /** ISO 3166-1 alpha-2: the region a national-format number belongs to. */
  country: string;
  createdAt: Date;
  updatedAt: Date;
};

type Locale = { faker: Faker; country: string; phone: PhonePlan };

/** Valid number ranges per country (no 555-style fictional ranges: they would not parse as valid). */
type PhonePlan = {
  callingCode: string;
  trunkPrefix: string;
  landlineAreas: string[];
  landlineDigits: number;
  mobilePrefixes: string[];
  mobileDigits: number;
};

/**
 * The same locale chains as faker's prebuilt fakerEN_US, fakerDE… (so the same people), with a
 * randomizer that re-seeds six times faster: every person re-seeds, and seeding was most of
 * the cost of generating one.
 */
function localeFaker(locale: LocaleDefinition): Faker {
  return new Faker({ locale: [locale, en, base], randomizer: createFastMersenneRandomizer() });
}

const fakerEN_US = localeFaker(en_US);
const fakerDE = localeFaker(de);
const fakerFR = localeFaker(fr);
const fakerES = localeFaker(es);
const fakerPL = localeFaker(pl);
const fakerPT_BR = localeFaker(pt_BR);

const LOCALES: Locale[] = [
  { faker: fakerEN_US, country: 'US', phone: { callingCode: '1', trunkPrefix: '', landlineAreas: ['212', '415', '312', '617', '206'], landlineDigits: 7, mobilePrefixes: ['646', '917', '650'], mobileDigits: 7 } },
  { faker: fakerDE, country: 'DE', phone: { callingCode: '49', trunkPrefix: '0', landlineAreas: ['30', '89', '40', '221'], landlineDigits: 7, mobilePrefixes: ['151', '160', '171'], mobileDigits: 8 } },
  { faker: fakerFR, country: 'FR', phone: { callingCode: '33', trunkPrefix: '0', landlineAreas: ['1', '4'], landlineDigits: 8, mobilePrefixes: ['6', '7'], mobileDigits: 8 } },
  { faker: fakerES, country: 'ES', phone: { callingCode: '34', trunkPrefix: '', landlineAreas: ['91', '93'], landlineDigits: 7, mobilePrefixes: ['6'], mobileDigits: 8 } },
  { faker: fakerPL, country: 'PL', phone: { callingCode: '48', trunkPrefix: '', landlineAreas: ['22', '12'], landlineDigits: 7, mobilePrefixes: ['50', '60', '79'], mobileDigits: 7 } },
  { faker: fakerPT_BR, country: 'BR', phone: { callingCode: '55', trunkPrefix: '0', landlineAreas: ['11', '21'], landlineDigits: 8, mobilePrefixes: ['119', '219'], mobileDigits: 8 } },
];

/** Every contact is created within the three years before this instant, so data never depends on the clock. */
const EPOCH_END = Date.UTC(2026, 0, 1);
const THREE_YEARS_MS = 3 * 365 * 24 * 3600 * 1000;

/** One in `SHARED_EVERY` contacts of an account is a person every account with the same shared seed also has. */
const SHARED_EVERY = 5;
/** One in `DUPLICATE_EVERY` contacts repeats the previous contact's email and phone (a duplicate inside one CRM). */
const DUPLICATE_EVERY = 97;

export type PersonSource = { accountSeed: number; sharedSeed: number };

/** Person `index` (0-based) of an account: shared with other accounts, a duplicate, or its own. */
export function generateAccountPerson(source: PersonSource, index: number): SeededPerson {
  const times = generateAccountTimestamps(source, index);
  if (index % SHARED_EVERY === 0) return { ...generatePerson(source.sharedSeed, index / SHARED_EVERY), ...times };
  const own = { ...generatePerson(source.accountSeed, index), ...times };
  if (index % DUPLICATE_EVERY === 1 && index > 1) {
    const previous = generateAccountPerson(source, index - 1);
    return { ...own, email: previous.email, phone: previous.phone, mobilePhone: previous.mobilePhone };
  }
  return own;
}

/**
 * When contact `index` of an account was created and last modified. Cheap (no faker), so a
 * sandbox can sort or filter a million contacts by date without generating the people.
 */
export function generateAccountTimestamps(source: PersonSource, index: number): { createdAt: Date; updatedAt: Date } {
  const created = EPOCH_END - THREE_YEARS_MS + Math.floor(unit(source.accountSeed, index * 2 + 1) * THREE_YEARS_MS);
  const updated = created + Math.floor(unit(source.accountSeed, index * 2 + 2) * (EPOCH_END - created));
  return { createdAt: new Date(created), updatedAt: new Date(updated) };
}

export function generatePerson(seed: number, index: number): SeededPerson {
  const pick = mix(seed, index);
  const locale = LOCALES[pick % LOCALES.length]!;
  const faker = locale.faker;
  faker.seed([seed, index]);
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const roll = faker.number.int({ min: 0, max: 99 });
  const email = roll < 92 ? faker.internet.email({ firstName, lastName }).toLowerCase() : null;
  const phone = roll % 7 === 3 ? null : formatPhone(faker, locale, 'landline');
  const mobilePhone = roll % 3 === 0 ? formatPhone(faker, locale, 'mobile') : null;
  const { createdAt, updatedAt } = generateAccountTimestamps({ accountSeed: seed, sharedSeed: seed }, index);
  return {
    firstName,
    lastName,
    // Some people have only an email or only a phone; a few CRMs hold people with neither.
    email: roll === 99 ? null : email,
    phone: roll === 99 ? null : phone,
    mobilePhone,
    company: roll % 4 === 0 ? null : faker.company.name(),
    jobTitle: roll % 5 === 0 ? null : faker.person.jobTitle(),
    country: locale.country,
    createdAt,
    updatedAt,
  };
}

function formatPhone(faker: Faker, locale: Locale, kind: 'landline' | 'mobile'): string {
  const plan = locale.phone;
  const prefix = faker.helpers.arrayElement(kind === 'mobile' ? plan.mobilePrefixes : plan.landlineAreas);
  const digitCount = kind === 'mobile' ? plan.mobileDigits : plan.landlineDigits;
  // Subscriber numbers start at 2 so they fall in assigned ranges.
  const subscriber = String(faker.number.int({ min: 2, max: 9 })) + faker.string.numeric(digitCount - 1);
  const style = faker.number.int({ min: 0, max: 19 });
  if (style === 19) return faker.helpers.arrayElement(['n/a', 'ask reception', 'ext. 12']);
  if (plan.callingCode === '1') {
    const [a, b] = [subscriber.slice(0, 3), subscriber.slice(3)];
    if (style < 8) return `(${prefix}) ${a}-${b}`;
    if (style < 12) return `${prefix}.${a}.${b}`;
    if (style < 16) return `+1 ${prefix} ${a} ${b}`;
    return `1-${prefix}-${a}-${b}`;
  }
  if (style < 7) return `+${plan.callingCode} ${prefix} ${groupDigits(subscriber)}`;
  if (style < 12) return `${plan.trunkPrefix}${prefix} ${groupDigits(subscriber)}`;
  if (style < 15) return `+${plan.callingCode}${prefix}${subscriber}`;
  if (style < 17) return `00${plan.callingCode}-${prefix}-${subscriber}`;
  return `${plan.trunkPrefix}${prefix}-${subscriber}`;
}

function groupDigits(digits: string): string {
  return digits.replace(/(\d{2,3})(?=(\d{2,3})+$)/g, '$1 ');
}

/** A stable number in [0, 1) from (seed, index). */
function unit(seed: number, index: number): number {
  return mix(seed, index) / 2 ** 32;
}

/** A small, stable integer hash so locale choice does not follow the index in a visible pattern. */
function mix(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
