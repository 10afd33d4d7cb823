import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import type { TCampaignStats } from '@voiceagent/shared';
import { buildStatsChart } from '../stats-series';

/**
 * The per-platform figures as grouped bars. Its own chunk (recharts is large): the page loads
 * it only once there is something to draw. The table beside it carries the same numbers for
 * screen readers, so the drawing itself is hidden from them.
 */
export default function CampaignStatsChart({ stats }: { stats: TCampaignStats }) {
  const { data, series } = buildStatsChart(stats);
  return (
    <div aria-hidden="true">
      <BarChart h={260} data={data} dataKey="metric" withLegend legendProps={{ verticalAlign: 'bottom' }} series={series} tickLine="y" yAxisProps={{ allowDecimals: false }} />
    </div>
  );
}
