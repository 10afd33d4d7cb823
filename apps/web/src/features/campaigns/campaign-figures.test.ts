import { PLATFORMS, type TCampaignPlatformStats, type TCampaignStats, type TPlatform } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { formatRate, toCampaignFigures } from './campaign-figures';

const zero: TCampaignPlatformStats = {
  contacts: 0,
  called: 0,
  answered: 0,
  voicemail: 0,
  noAnswer: 0,
  failed: 0,
  averageDurationSec: null,
  calls: 0,
  writtenBack: 0,
  writeBackPending: 0,
  writeBackFailed: 0,
};

function statsOf(byPlatform: Partial<Record<TPlatform, Partial<TCampaignPlatformStats>>>, total: Partial<TCampaignPlatformStats>): TCampaignStats {
  return {
    campaignId: '00000000-0000-4000-8000-000000000001',
    byPlatform: Object.fromEntries(PLATFORMS.map((p) => [p, { ...zero, ...byPlatform[p] }])) as Record<TPlatform, TCampaignPlatformStats>,
    total: { ...zero, ...total },
  };
}

describe('toCampaignFigures', () => {
  it('takes the totals and the answer rate over the contacts called', () => {
    const figures = toCampaignFigures(statsOf({ hubspot: { contacts: 10 }, zoho: { contacts: 5 } }, { contacts: 15, called: 8, answered: 6 }));
    expect(figures).toEqual({ contacts: 15, called: 8, answered: 6, answerRate: 0.75, platforms: ['hubspot', 'zoho'] });
  });

  it('has no answer rate before any call, and names only the CRMs with contacts', () => {
    const figures = toCampaignFigures(statsOf({ zoho: { contacts: 3 } }, { contacts: 3 }));
    expect(figures.answerRate).toBeNull();
    expect(figures.platforms).toEqual(['zoho']);
  });
});

describe('formatRate', () => {
  it('writes whole percentages without decimals, others to one decimal, and a dash for none', () => {
    expect(formatRate(0.75)).toBe('75%');
    expect(formatRate(1 / 3)).toBe('33.3%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(null)).toBe('—');
  });
});
