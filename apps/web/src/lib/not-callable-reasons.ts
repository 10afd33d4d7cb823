import type { TNotCallableReason } from '@voiceagent/shared';

/** A short label for the badge, and the sentence that says what it means and what to do. */
export const NOT_CALLABLE_LABELS: Record<TNotCallableReason, { label: string; description: string }> = {
  invalid_number: { label: 'No valid number', description: 'No phone or mobile number a voice agent can dial' },
  do_not_call: { label: 'Do not call', description: 'Marked do not call in the CRM: campaigns skip it' },
  no_consent: { label: 'No consent', description: 'The CRM records no consent to be called: campaigns skip it' },
  suppressed: { label: 'Suppressed', description: 'Its number is on your suppression list: no campaign calls it' },
};

