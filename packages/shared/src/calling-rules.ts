import { z } from 'zod';

/**
 * A campaign's calling rules (issue 18): when, in the contact's own time, it may be called, how
 * often, and how long to wait after each kind of unanswered call. The calling service relies on
 * these shapes; the server enforces them when it hands out leases.
 */

export const CALLING_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const ZCallingDay = z.enum(CALLING_DAYS);
export type TCallingDay = z.infer<typeof ZCallingDay>;

/** Outcomes that are tried again after a delay; answered, failed permanently and asked-not-to-call are final. */
export const RETRY_OUTCOMES = ['no_answer', 'voicemail', 'busy', 'failed'] as const;
export type TRetryOutcome = (typeof RETRY_OUTCOMES)[number];

/** `outcome` texts of a result (any case, spaces or dashes) that end a contact's attempts for good. */
export const FINAL_OUTCOMES = ['asked_not_to_call', 'failed_permanently'] as const;

export const CALLING_RULES_MAX_ATTEMPTS = 20;
export const EXCLUDED_DATES_MAX = 366;
/** Longest retry delay: a campaign's contact waiting longer is better called by a new campaign. */
export const RETRY_AFTER_MAX_SECONDS = 90 * 86_400;

const DURATION = /^P(?:(\d{1,4})W)?(?:(\d{1,4})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,8})M)?(?:(\d{1,9})S)?)?$/;

/** Seconds of an ISO-8601 duration of weeks, days, hours, minutes and seconds ("PT4H", "P1D"); null when it is not one. */
export function durationToSeconds(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [w, d, h, m, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
  return (((w * 7 + d) * 24 + h) * 60 + m) * 60 + s;
}

export const ZIsoDuration = z.string().superRefine((text, ctx) => {
  const seconds = durationToSeconds(text);
  if (seconds === null) ctx.addIssue({ code: 'custom', message: 'an ISO-8601 duration such as "PT30M", "PT4H" or "P1D"' });
  else if (seconds < 60 || seconds > RETRY_AFTER_MAX_SECONDS) ctx.addIssue({ code: 'custom', message: 'from one minute to 90 days' });
});

/** An IANA zone name the runtime knows ("America/New_York"); Postgres checks it again at lease time. */
export function isKnownTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{1,63}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZoneName = z.string().refine(isKnownTimeZone, 'an IANA time zone such as "America/New_York"');

/** "HH:MM", 00:00 to 23:59; an end may also be "24:00", the end of the day. */
const ZClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time "HH:MM" from 00:00 to 23:59');
const ZClockEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time "HH:MM" from 00:01 to 24:00');

export const ZCallingWindow = z
  .strictObject({
    days: z
      .array(ZCallingDay)
      .min(1, 'at least one day')
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'each day once'),
    start: ZClockTime,
    end: ZClockEnd,
  })
  .refine((window) => window.start < window.end, { message: 'start must be before end', path: ['end'] });
export type TCallingWindow = z.infer<typeof ZCallingWindow>;

const ZLocalDate = z.iso.date();

export const ZUnknownTimeZoneRule = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('skip') }),
  z.strictObject({ mode: z.literal('fallback'), timeZone: ZTimeZoneName }),
]);
export type TUnknownTimeZoneRule = z.infer<typeof ZUnknownTimeZoneRule>;

export const ZRetryAfter = z.strictObject({
  no_answer: ZIsoDuration.optional(),
  voicemail: ZIsoDuration.optional(),
  busy: ZIsoDuration.optional(),
  failed: ZIsoDuration.optional(),
});

export const DEFAULT_CALLING_WINDOW: TCallingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '20:00' };
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_AFTER: Record<TRetryOutcome, string> = { no_answer: 'PT4H', voicemail: 'P1D', busy: 'PT30M', failed: 'PT1H' };

/**
 * The rules as a request gives them: every field optional (a create takes the defaults, a PATCH
 * keeps what the campaign had). `startsOn`/`endsOn` are dates in the contact's own time, inclusive.
 */
export const ZCallingRulesInput = z.strictObject({
  callingWindow: ZCallingWindow.optional(),
  excludedDates: z
    .array(ZLocalDate)
    .max(EXCLUDED_DATES_MAX)
    .refine((dates) => new Set(dates).size === dates.length, 'each date once')
    .optional(),
  unknownTimeZone: ZUnknownTimeZoneRule.optional(),
  startsOn: ZLocalDate.nullable().optional(),
  endsOn: ZLocalDate.nullable().optional(),
  maxAttempts: z.number().int().min(1).max(CALLING_RULES_MAX_ATTEMPTS).optional(),
  /** Per outcome; outcomes left out keep the default (or, on PATCH, what the campaign had). */
  retryAfter: ZRetryAfter.optional(),
});
export type TCallingRulesInput = z.infer<typeof ZCallingRulesInput>;

/** A campaign's rules as stored and answered: every field present. */
export const ZCallingRules = z.object({
  callingWindow: ZCallingWindow,
  excludedDates: z.array(ZLocalDate),
  unknownTimeZone: ZUnknownTimeZoneRule,
  startsOn: ZLocalDate.nullable(),
  endsOn: ZLocalDate.nullable(),
  maxAttempts: z.number().int().min(1),
  retryAfter: z.object({ no_answer: z.string(), voicemail: z.string(), busy: z.string(), failed: z.string() }),
});
export type TCallingRules = z.infer<typeof ZCallingRules>;

export const DEFAULT_CALLING_RULES: TCallingRules = {
  callingWindow: DEFAULT_CALLING_WINDOW,
  excludedDates: [],
  unknownTimeZone: { mode: 'skip' },
  startsOn: null,
  endsOn: null,
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  retryAfter: DEFAULT_RETRY_AFTER,
};

/** `base` with what `input` names replaced (retry delays per outcome). */
export function mergeCallingRules(base: TCallingRules, input: TCallingRulesInput): TCallingRules {
  return {
    callingWindow: input.callingWindow ?? base.callingWindow,
    excludedDates: input.excludedDates ?? base.excludedDates,
    unknownTimeZone: input.unknownTimeZone ?? base.unknownTimeZone,
    startsOn: input.startsOn === undefined ? base.startsOn : input.startsOn,
    endsOn: input.endsOn === undefined ? base.endsOn : input.endsOn,
    maxAttempts: input.maxAttempts ?? base.maxAttempts,
    retryAfter: { ...base.retryAfter, ...stripUndefined(input.retryAfter ?? {}) },
  };
}

function stripUndefined<T extends Record<string, string | undefined>>(value: T): Record<string, string> {
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
