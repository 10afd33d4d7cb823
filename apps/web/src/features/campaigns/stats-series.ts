import { PLATFORMS, type TCampaignPlatformStats, type TCampaignStats } from '@voiceagent/shared';
import { PLATFORM_COLORS } from '../../config/platform-colors';
import { PLATFORM_LABELS } from '../../config/platform-labels';

const METRICS = [
  ['Called', 'called'],
  ['Answered', 'answered'],
  ['Voicemail', 'voicemail'],
  ['No answer', 'noAnswer'],
  ['Failed', 'failed'],
  ['Written back', 'writtenBack'],
  ['Write-back failed', 'writeBackFailed'],
] as const satisfies ReadonlyArray<readonly [string, keyof TCampaignPlatformStats]>;

export type StatsChartRow = { metric: string } & Record<string, number | string>;
export type StatsChartSeries = { name: string; color: string };

/** The grouped bars' rows (one per metric, a value per platform) and one series per platform, in PLATFORMS order. */
export function buildStatsChart(stats: TCampaignStats): { data: StatsChartRow[]; series: StatsChartSeries[] } {
  const data = METRICS.map(([metric, key]) => ({
    metric,
    ...Object.fromEntries(PLATFORMS.map((platform) => [PLATFORM_LABELS[platform], stats.byPlatform[platform][key]])),
  }));
  const series = PLATFORMS.map((platform) => ({ name: PLATFORM_LABELS[platform], color: PLATFORM_COLORS[platform] }));
  return { data, series };
}
