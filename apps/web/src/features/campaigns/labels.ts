import type { TCallResultStatus, TCallingDay, TCampaign, TRetryOutcome, TWriteBackStatus } from '@voiceagent/shared';

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

export const DAY_LABELS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' } as const satisfies Record<TCallingDay, string>;

export const RETRY_OUTCOME_LABELS = { no_answer: 'No answer', voicemail: 'Voicemail', busy: 'Busy', failed: 'Failed' } as const satisfies Record<TRetryOutcome, string>;

export const CAMPAIGN_STATUS_LABELS = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  cancelled: 'Cancelled',
} as const satisfies Record<TCampaign['status'], string>;

/** Light badges' tints; their text is dark (dark.7) so small type keeps 4.5:1 on any of them. */
export const CAMPAIGN_STATUS_COLORS = {
  draft: 'gray',
  scheduled: 'violet',
  running: 'green',
  paused: 'yellow',
  completed: 'blue',
  cancelled: 'red',
} as const satisfies Record<TCampaign['status'], string>;
