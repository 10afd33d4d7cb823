import type { TAgentVoice } from '@voiceagent/shared';

export const VOICE_LABELS = {
  alloy: 'Alloy — neutral and clear',
  verse: 'Verse — warm and expressive',
  sage: 'Sage — calm and measured',
  ember: 'Ember — bright and upbeat',
} as const satisfies Record<TAgentVoice, string>;

/** A voice's short name ("Sage"), or the stored value when this app does not know it. */
export function formatVoice(voice: string | null): string {
  if (voice === null) return 'No voice';
  const label: string | undefined = (VOICE_LABELS as Record<string, string>)[voice];
  return label ? label.split(' — ')[0]! : voice;
}
