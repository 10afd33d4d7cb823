import { durationToSeconds, FINAL_OUTCOMES, type TCallingRules, type TCallResultStatus } from '@voiceagent/shared';

export type AttemptVerdict = { outcome: string; isFinal: boolean; isAskedNotToCall: boolean; retryAt: Date | null };

/** "Asked not to call", "asked-not-to-call" → asked_not_to_call. */
function normalizeOutcome(outcome: string | null): string | null {
  return outcome === null ? null : outcome.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * What one call means for its contact's next attempt: answered (completed), failed permanently and
 * asked-not-to-call end it; anything else waits the campaign's delay for its status.
 */
export function judgeAttempt(result: { status: TCallResultStatus; outcome: string | null }, rules: TCallingRules, now: Date): AttemptVerdict {
  const outcome = normalizeOutcome(result.outcome);
  const isAskedNotToCall = outcome === 'asked_not_to_call';
  const isFinalOutcome = outcome !== null && (FINAL_OUTCOMES as readonly string[]).includes(outcome);
  const label = isFinalOutcome ? outcome : result.status;
  if (result.status === 'completed' || isFinalOutcome) return { outcome: label, isFinal: true, isAskedNotToCall, retryAt: null };
  const seconds = durationToSeconds(rules.retryAfter[result.status]) ?? 0;
  return { outcome: label, isFinal: false, isAskedNotToCall, retryAt: new Date(now.getTime() + seconds * 1000) };
}
