import type { TAnalyticsGranularity } from '@voiceagent/shared';

/** The presets, in days ending today; `custom` reads its own dates. */
export const RANGE_PRESETS = ['7d', '30d', '90d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type RangeChoice = RangePreset | 'custom';

const PRESET_DAYS: Record<RangePreset, number> = { '7d': 7, '30d': 30, '90d': 90 };

/** Mirrors the server's limits (ANALYTICS_MAX_RANGE_DAYS, ANALYTICS_MAX_HOURLY_RANGE_DAYS) so a choice is never a 400. */
export const MAX_RANGE_DAYS = 400;
export const MAX_HOURLY_RANGE_DAYS = 31;

/** A calendar day, "2026-03-08". */
export type LocalDate = string;

export type AnalyticsRange = {
  /** Inclusive local days, as the user reads the range. */
  fromDate: LocalDate;
  toDate: LocalDate;
  /** The instants sent: [start of fromDate, start of the day after toDate) in the zone. */
  from: string;
  to: string;
  days: number;
};

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string | null | undefined): value is LocalDate {
  const match = value ? DATE_PATTERN.exec(value) : null;
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function toParts(date: LocalDate): [number, number, number] {
  const [, y, m, d] = DATE_PATTERN.exec(date)!.map(Number) as [number, number, number, number];
  return [y, m, d];
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = toParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b later: positive). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const [ay, am, ad] = toParts(a);
  const [by, bm, bd] = toParts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instant: number, timeZone: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute), s: Number(parts.second) };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const wallAsUtc = Date.UTC(wall.y, wall.m - 1, wall.d, wall.h, wall.mi, wall.s);
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

/** The calendar day it is in `timeZone` at `instant`. */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  const wall = wallClock(instant.getTime(), timeZone);
  return `${wall.y}-${String(wall.m).padStart(2, '0')}-${String(wall.d).padStart(2, '0')}`;
}

/** The instant a local day starts in `timeZone` (a day after a daylight-saving change starts at the new offset). */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const [y, m, d] = toParts(date);
  const wallAsUtc = Date.UTC(y, m - 1, d);
  let instant = wallAsUtc - zoneOffsetMs(wallAsUtc, timeZone);
  // The offset at the guess may differ from the offset at the answer across a change: once more settles it.
  const settled = wallAsUtc - zoneOffsetMs(instant, timeZone);
  if (settled !== instant) instant = settled;
  return new Date(instant);
}

/** The range of a choice: a preset ends today in the zone; a custom one runs between its two days, both included. */
export function resolveRange(
  choice: { range: RangeChoice; fromDate?: LocalDate | null; toDate?: LocalDate | null },
  timeZone: string,
  now: Date,
): AnalyticsRange {
  const today = localDateAt(now, timeZone);
  let fromDate: LocalDate;
  let toDate: LocalDate;
  if (choice.range === 'custom' && isLocalDate(choice.fromDate) && isLocalDate(choice.toDate) && choice.fromDate <= choice.toDate) {
    fromDate = choice.fromDate;
    toDate = choice.toDate;
    if (daysBetween(fromDate, toDate) + 1 > MAX_RANGE_DAYS) fromDate = addDays(toDate, -(MAX_RANGE_DAYS - 1));
  } else {
    const days = PRESET_DAYS[choice.range === 'custom' ? '30d' : choice.range];
    toDate = today;
    fromDate = addDays(today, -(days - 1));
  }
  return {
    fromDate,
    toDate,
    from: startOfLocalDay(fromDate, timeZone).toISOString(),
    to: startOfLocalDay(addDays(toDate, 1), timeZone).toISOString(),
    days: daysBetween(fromDate, toDate) + 1,
  };
}

/** Hourly buckets over a long range would be refused: such a range is drawn by day. */
export function effectiveGranularity(granularity: TAnalyticsGranularity, range: Pick<AnalyticsRange, 'days'>): TAnalyticsGranularity {
  return granularity === 'hour' && range.days > MAX_HOURLY_RANGE_DAYS ? 'day' : granularity;
}
