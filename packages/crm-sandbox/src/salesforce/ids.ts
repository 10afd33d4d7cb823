/**
 * Salesforce-style record ids: a 3-character key prefix (003 Contact, 00Q Lead…), a 2-character
 * pod of the org, a reserved '0', nine base-62 digits, and the 3-character case-safe suffix that
 * turns the 15-character id into the 18-character one. Fixed width, so ids sort as they number.
 */
export const KEY_PREFIXES = { Contact: '003', Lead: '00Q', Task: '00T', Account: '001', User: '005', Organization: '00D' } as const;
export type KeyPrefixed = keyof typeof KEY_PREFIXES;

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Records created through the API number from here; seeded ones from 1. */
export const CREATED_ID_BASE = 100_000_000;

export function podOf(orgIndex: number): string {
  return `${DIGITS[5 + Math.floor(orgIndex / 52)]}${DIGITS[10 + (orgIndex % 52)]}`;
}

export function makeId(type: KeyPrefixed, pod: string, n: number): string {
  let digits = '';
  for (let rest = n, i = 0; i < 9; i++, rest = Math.floor(rest / 62)) digits = DIGITS[rest % 62]! + digits;
  return toId18(`${KEY_PREFIXES[type]}${pod}0${digits}`);
}

/** The 18-character form: each 5-character chunk adds one character saying which of its letters are upper case. */
export function toId18(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charCodeAt(chunk * 5 + i);
      if (ch >= 65 && ch <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return id15 + suffix;
}

/** Accepts 15- or 18-character ids; null when it is not an id at all. */
export function normalizeId(raw: string): string | null {
  if (/^[a-zA-Z0-9]{18}$/.test(raw)) return toId18(raw.slice(0, 15)) === raw ? raw : toId18(raw.slice(0, 15));
  if (/^[a-zA-Z0-9]{15}$/.test(raw)) return toId18(raw);
  return null;
}

/** The number of an id of this org and type, or null. */
export function parseId(id: string, type: KeyPrefixed, pod: string): number | null {
  const normal = normalizeId(id);
  if (!normal || !normal.startsWith(`${KEY_PREFIXES[type]}${pod}0`)) return null;
  let n = 0;
  for (let i = 6; i < 15; i++) {
    const digit = DIGITS.indexOf(normal[i]!);
    if (digit < 0) return null;
    n = n * 62 + digit;
  }
  return n;
}

export function typeOfId(id: string): KeyPrefixed | null {
  const prefix = id.slice(0, 3);
  for (const [type, key] of Object.entries(KEY_PREFIXES)) if (key === prefix) return type as KeyPrefixed;
  return null;
}
