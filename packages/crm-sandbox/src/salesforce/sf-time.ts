/** Salesforce writes datetimes as 2026-01-01T00:00:00.000+0000 and dates as 2026-01-01, always in UTC over the API. */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 datetime as SOQL and the REST API take it (Z, +hh:mm or +hhmm), in ms; null when malformed. */
export function parseDateTime(text: string): number | null {
  const match = DATETIME.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Math.round(Number(`0${frac}`) * 1000) : 0);
  if (Number.isNaN(base) || new Date(base).getUTCDate() !== Number(d)) return null;
  if (zone === 'Z') return base;
  const sign = zone!.startsWith('-') ? -1 : 1;
  const digits = zone!.slice(1).replace(':', '');
  return base - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && formatDate(ms) === text;
}

export const DAY_MS = 86_400_000;

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
