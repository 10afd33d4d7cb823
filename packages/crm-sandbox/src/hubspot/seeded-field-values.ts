import type { ContactProperties } from './contact-properties';

/**
 * Values of the seeded custom properties and of hs_timezone / hs_language for seeded contact
 * `index`, as HubSpot returns them: every value a string (numbers "12", booleans "true"/"false",
 * dates "2026-03-01", datetimes ISO with milliseconds, checkboxes "a;b"), null when unset.
 * Computed on every read from a hash of (account seed, index) — a few hundred nanoseconds, and
 * nothing kept in memory — so seeding 200,000 contacts costs what it did before.
 */
export function generateSeededFieldValues(accountSeed: number, index: number, countryName: string | null | undefined): ContactProperties {
  const draw = (salt: number) => hash(accountSeed, index, salt);
  const plan = draw(1) % 5 === 0 ? null : PLANS[draw(2) % PLANS.length]!;
  const seats = draw(3) % 6 === 0 ? null : 1 + (draw(4) % 250);
  const country = countryName ? COUNTRY_CODES[countryName] : undefined;
  return {
    hs_timezone: draw(5) % 5 === 0 || !country ? null : pickTimeZone(country, draw(6)),
    hs_language: draw(7) % 4 === 0 || !country ? null : (LANGUAGES[country] ?? null),
    renewal_date: draw(8) % 4 === 0 ? null : RENEWAL_DATES[draw(9) % RENEWAL_DATES.length]!,
    plan,
    seats: seats === null ? null : String(seats),
    do_not_call: doNotCall(draw(10) % 10),
    last_purchase_at: draw(11) % 3 === 0 ? null : new Date(PURCHASES_FROM + (draw(12) % YEAR_SECONDS) * 1000).toISOString(),
    interests: draw(13) % 4 === 0 ? null : pickInterests(draw(14)),
    account_notes: draw(15) % 2 === 0 ? null : `Prefers calls after lunch; renewal discussed in Q${1 + (draw(16) % 4)}. Contact #${index + 1}.`,
    backup_phone: draw(17) % 3 !== 0 ? null : `+1 415 555 ${String(draw(18) % 10_000).padStart(4, '0')}`,
    billing_email: draw(19) % 2 === 0 ? null : `billing+${index + 1}@example.com`,
    preferred_call_time: draw(20) % 2 === 0 ? null : CALL_TIMES[draw(21) % CALL_TIMES.length]!,
    // HubSpot recomputes a calculated property from the others: here from the seeded plan and seats.
    health_score: plan === null || seats === null ? null : String(Math.min(100, PLAN_WEIGHT[plan]! + seats * 2)),
    erp_customer_id: draw(22) % 3 === 0 ? null : `ERP-${String(100_000 + index)}`,
  };
}

const DAY_MS = 86_400_000;
const YEAR_SECONDS = 365 * 86_400;
/** Every day of 2026 as "YYYY-MM-DD", formatted once rather than on every read. */
const RENEWAL_DATES = Array.from({ length: 365 }, (_, day) => new Date(Date.UTC(2026, 0, 1) + day * DAY_MS).toISOString().slice(0, 10));
const PURCHASES_FROM = Date.UTC(2025, 0, 1);
const PLANS = ['starter', 'pro', 'enterprise'];
const PLAN_WEIGHT: Record<string, number> = { starter: 10, pro: 30, enterprise: 50 };
const CALL_TIMES = ['morning', 'afternoon', 'evening'];
const INTERESTS = ['voice_ai', 'analytics', 'integrations', 'support'];
const COUNTRY_CODES: Record<string, string> = { 'United States': 'US', Germany: 'DE', France: 'FR', Spain: 'ES', Poland: 'PL', Brazil: 'BR' };
const LANGUAGES: Record<string, string> = { US: 'en', DE: 'de', FR: 'fr', ES: 'es', PL: 'pl', BR: 'pt-br' };
const TIME_ZONES: Record<string, readonly string[]> = {
  US: ['america_slash_new_york', 'america_slash_chicago', 'america_slash_denver', 'america_slash_los_angeles'],
  DE: ['europe_slash_berlin'],
  FR: ['europe_slash_paris'],
  ES: ['europe_slash_madrid'],
  PL: ['europe_slash_warsaw'],
  BR: ['america_slash_sao_paulo'],
};

function pickTimeZone(country: string, roll: number): string | null {
  const zones = TIME_ZONES[country];
  return zones ? zones[roll % zones.length]! : null;
}

function doNotCall(roll: number): string | null {
  if (roll === 0) return 'true';
  return roll < 7 ? 'false' : null;
}

/** One to three interests in the property's option order, joined by ";" as HubSpot's checkboxes are. */
function pickInterests(roll: number): string {
  const chosen = INTERESTS.filter((_, position) => (roll >>> position) & 1);
  return (chosen.length > 0 ? chosen : [INTERESTS[roll % INTERESTS.length]!]).slice(0, 3).join(';');
}

function hash(seed: number, index: number, salt: number): number {
  let h = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
