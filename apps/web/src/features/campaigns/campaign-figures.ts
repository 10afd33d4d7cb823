import type { TCampaignFigures } from '@voiceagent/shared';

/** Answered over called (each contact by its latest call), as the list's caption says; null before any call. */
export function answerRateOf(figures: Pick<TCampaignFigures, 'called' | 'answered'>): number | null {
  return figures.called === 0 ? null : figures.answered / figures.called;
}

/** "75%" or "33.3%": whole percentages without decimals, others to one; a dash before any call. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const percent = rate * 100;
  const rounded = Math.round(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)}%`;
}
