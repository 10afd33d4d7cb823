import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import type { TCampaignStats } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

const METRICS = [
  ['Called', 'called'],
  ['Answered', 'answered'],
  ['Voicemail', 'voicemail'],
  ['No answer', 'noAnswer'],
  ['Failed', 'failed'],
  ['Written back', 'writtenBack'],
  ['Write-back failed', 'writeBackFailed'],
] as const;

/**
 * The per-platform figures as grouped bars. Its own chunk (recharts is large): the page loads
 * it only once there is something to draw. The table beside it carries the same numbers for
 * screen readers, so the drawing itself is hidden from them.
 */
export default function CampaignStatsChart({ stats }: { stats: TCampaignStats }) {
  const data = METRICS.map(([label, key]) => ({
    metric: label,
    [PLATFORM_LABELS.hubspot]: stats.byPlatform.hubspot[key],
    [PLATFORM_LABELS.zoho]: stats.byPlatform.zoho[key],
  }));
  return (
    <div aria-hidden="true">
      <BarChart
        h={260}
        data={data}
        dataKey="metric"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        series={[
          { name: PLATFORM_LABELS.hubspot, color: 'orange.7' },
          { name: PLATFORM_LABELS.zoho, color: 'blue.7' },
        ]}
        tickLine="y"
        yAxisProps={{ allowDecimals: false }}
      />
    </div>
  );
}
