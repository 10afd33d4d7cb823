import { PLATFORMS, type TCampaignPlatformStats, type TCampaignStats } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { buildStatsChart } from './stats-series';

function platformStats(called: number): TCampaignPlatformStats {
  return {
    contacts: called + 1,
    called,
    answered: called - 1,
    voicemail: 0,
    noAnswer: 1,
    failed: 0,
    averageDurationSec: 42,
    calls: called,
    writtenBack: called - 1,
    writeBackPending: 0,
    writeBackFailed: 1,
  };
}

const stats: TCampaignStats = {
  campaignId: '00000000-0000-4000-8000-000000000001',
  byPlatform: { hubspot: platformStats(5), zoho: platformStats(7), salesforce: platformStats(11) },
  total: platformStats(23),
};

describe('campaign statistics chart', () => {
  it('draws a series for every platform, Salesforce included, in PLATFORMS order and each in its own colour', () => {
    const { series } = buildStatsChart(stats);

    expect(series.map((s) => s.name)).toEqual(['HubSpot', 'Zoho CRM', 'Salesforce']);
    expect(series).toHaveLength(PLATFORMS.length);
    expect(new Set(series.map((s) => s.color)).size).toBe(PLATFORMS.length);
  });

  it("puts each platform's own figure in each metric's row", () => {
    const { data } = buildStatsChart(stats);

    expect(data.find((row) => row.metric === 'Called')).toEqual({ metric: 'Called', HubSpot: 5, 'Zoho CRM': 7, Salesforce: 11 });
    expect(data.find((row) => row.metric === 'Written back')).toEqual({ metric: 'Written back', HubSpot: 4, 'Zoho CRM': 6, Salesforce: 10 });
    expect(data.map((row) => row.metric)).toEqual(['Called', 'Answered', 'Voicemail', 'No answer', 'Failed', 'Written back', 'Write-back failed']);
  });
});
