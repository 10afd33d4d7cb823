import {
  CALLING_DAYS,
  DEFAULT_CALLING_RULES,
  durationToSeconds,
  RETRY_OUTCOMES,
  ZCallingRulesInput,
  type TCallingDay,
  type TCallingRules,
  type TCallingRulesInput,
  type TRetryOutcome,
} from '@voiceagent/shared';

export const DELAY_UNITS = ['minutes', 'hours', 'days'] as const;
export type DelayUnit = (typeof DELAY_UNITS)[number];
const UNIT_SECONDS: Record<DelayUnit, number> = { minutes: 60, hours: 3600, days: 86_400 };
const UNIT_LETTER: Record<DelayUnit, string> = { minutes: 'M', hours: 'H', days: 'D' };

/** A retry delay as a person sets it: an amount and a unit. */
export type DelayValue = { amount: string; unit: DelayUnit };

/** The rules as the form holds them: text where a person types, so a half-typed value is not lost. */
export type CallingRulesFormValues = {
  days: TCallingDay[];
  start: string;
  end: string;
  maxAttempts: string;
  retryAfter: Record<TRetryOutcome, DelayValue>;
  startsOn: string;
  endsOn: string;
  /** Dates separated by commas, spaces or lines. */
  excludedDates: string;
  unknownMode: 'skip' | 'fallback';
  fallbackTimeZone: string;
};

/** Form fields an error can be shown on. */
export type CallingRulesField = 'days' | 'start' | 'end' | 'maxAttempts' | `retryAfter.${TRetryOutcome}` | 'startsOn' | 'endsOn' | 'excludedDates' | 'fallbackTimeZone';
export type CallingRulesErrors = Partial<Record<CallingRulesField, string>>;

/** "PT4H" → 4 hours; a delay not a whole number of the largest unit falls to a smaller one. */
export function toDelayValue(iso: string): DelayValue {
  const seconds = durationToSeconds(iso) ?? 0;
  const unit = ([...DELAY_UNITS].reverse().find((u) => seconds > 0 && seconds % UNIT_SECONDS[u] === 0) ?? 'minutes') as DelayUnit;
  return { amount: String(Math.round(seconds / UNIT_SECONDS[unit])), unit };
}

/** 4 hours → "PT4H"; what is not a whole number is passed on for the schema to refuse. */
export function toIsoDuration({ amount, unit }: DelayValue): string {
  const trimmed = amount.trim();
  if (!/^\d+$/.test(trimmed)) return trimmed === '' ? 'P' : `P${trimmed}`;
  return unit === 'days' ? `P${Number(trimmed)}D` : `PT${Number(trimmed)}${UNIT_LETTER[unit]}`;
}

export function toFormValues(rules: TCallingRules = DEFAULT_CALLING_RULES): CallingRulesFormValues {
  return {
    days: [...rules.callingWindow.days],
    start: rules.callingWindow.start,
    end: rules.callingWindow.end,
    maxAttempts: String(rules.maxAttempts),
    retryAfter: Object.fromEntries(RETRY_OUTCOMES.map((outcome) => [outcome, toDelayValue(rules.retryAfter[outcome])])) as Record<TRetryOutcome, DelayValue>,
    startsOn: rules.startsOn ?? '',
    endsOn: rules.endsOn ?? '',
    excludedDates: rules.excludedDates.join(', '),
    unknownMode: rules.unknownTimeZone.mode,
    fallbackTimeZone: rules.unknownTimeZone.mode === 'fallback' ? rules.unknownTimeZone.timeZone : '',
  };
}

/** The request's rules, every field given (a create and a PATCH both take the form as a whole). */
export function toRulesInput(values: CallingRulesFormValues): TCallingRulesInput {
  const attempts = values.maxAttempts.trim();
  return {
    callingWindow: { days: CALLING_DAYS.filter((day) => values.days.includes(day)), start: values.start.trim(), end: values.end.trim() },
    excludedDates: values.excludedDates.split(/[\s,;]+/).filter(Boolean),
    unknownTimeZone: values.unknownMode === 'skip' ? { mode: 'skip' } : { mode: 'fallback', timeZone: values.fallbackTimeZone.trim() },
    startsOn: values.startsOn || null,
    endsOn: values.endsOn || null,
    maxAttempts: /^\d+$/.test(attempts) ? Number(attempts) : Number.NaN,
    retryAfter: Object.fromEntries(RETRY_OUTCOMES.map((outcome) => [outcome, toIsoDuration(values.retryAfter[outcome])])),
  };
}

/** Where an issue of ZCallingRulesInput is shown in the form. */
function toField(path: ReadonlyArray<PropertyKey>): CallingRulesField | null {
  const [head, next] = path;
  if (head === 'callingWindow') return next === 'start' ? 'start' : next === 'end' ? 'end' : 'days';
  if (head === 'retryAfter' && typeof next === 'string') return `retryAfter.${next as TRetryOutcome}`;
  if (head === 'unknownTimeZone') return 'fallbackTimeZone';
  if (head === 'maxAttempts' || head === 'startsOn' || head === 'endsOn' || head === 'excludedDates') return head;
  return null;
}

const FRIENDLY: Partial<Record<CallingRulesField, string>> = {
  maxAttempts: 'A whole number from 1 to 20',
  startsOn: 'A date',
  endsOn: 'A date',
  fallbackTimeZone: 'An IANA time zone such as "America/New_York"',
};

/**
 * Checks the form with the contract's own schema (the server checks the same), plus the start
 * and end dates' order the create and update bodies add. Returns the request's rules, or errors.
 */
export function validateCallingRules(values: CallingRulesFormValues): { rules: TCallingRulesInput; errors: null } | { rules: null; errors: CallingRulesErrors } {
  const rules = toRulesInput(values);
  const result = ZCallingRulesInput.safeParse(rules);
  const errors: CallingRulesErrors = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = toField(issue.path);
      if (!field || errors[field]) continue;
      const isTypeIssue = issue.code === 'invalid_type' || issue.code === 'invalid_format' || issue.code === 'invalid_union';
      errors[field] = (isTypeIssue && FRIENDLY[field]) || capitalize(issue.message);
    }
  }
  if (rules.startsOn && rules.endsOn && rules.startsOn > rules.endsOn && !errors.endsOn) errors.endsOn = 'The end date must not be before the start date';
  return Object.keys(errors).length > 0 ? { rules: null, errors } : { rules: result.data!, errors: null };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
