import { PLATFORMS, type TCampaignStats, type TPlatform } from '@voiceagent/shared';

export type CampaignFigures = {
  contacts: number;
  called: number;
  answered: number;
  /** Answered over called (each contact by its latest call); null before any call. */
  answerRate: number | null;
  /** The CRMs the campaign's contacts come from, in PLATFORMS order. */
  platforms: TPlatform[];
};

/** A campaign's headline figures, from its per-platform statistics. */
export function toCampaignFigures(stats: TCampaignStats): CampaignFigures {
  const { contacts, called, answered } = stats.total;
  return {
    contacts,
    called,
    answered,
    answerRate: called === 0 ? null : answered / called,
    platforms: PLATFORMS.filter((platform) => stats.byPlatform[platform].contacts > 0),
  };
}

/** "75%" or "33.3%": whole percentages without decimals, others to one; a dash before any call. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const percent = rate * 100;
  const rounded = Math.round(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)}%`;
}
