import type { TCallResultStatus, TWriteBackStatus } from '@voiceagent/shared';

export const CALL_STATUS_LABELS = {
  completed: 'Answered',
  voicemail: 'Voicemail',
  no_answer: 'No answer',
  busy: 'Busy',
  failed: 'Failed',
} as const satisfies Record<TCallResultStatus, string>;

export const WRITE_BACK_LABELS = {
  pending: 'Writing back',
  retrying: 'Retrying',
  succeeded: 'Written back',
  failed: 'Write-back failed',
} as const satisfies Record<TWriteBackStatus, string>;

/** "1:05" for 65 seconds; null reads as a dash. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
