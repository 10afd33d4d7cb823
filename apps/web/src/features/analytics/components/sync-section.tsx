import { SimpleGrid } from '@mantine/core';
import { endpoints, SYNC_ANALYTICS_CHARTS, type TSyncAnalytics } from '@voiceagent/shared';
import { ExportCsvButton } from '../../../components/export-csv-button';
import type { AnalyticsRequest } from '../analytics-filters';
import { useSyncAnalytics } from '../api/get-sync-analytics';
import { AnalyticsSection } from './analytics-section';
import { ChartCard } from './chart-card';

type ChartKey = (typeof SYNC_ANALYTICS_CHARTS)[number];

/** Sync health: runs and their results, speed, provider API use against its limits, webhook lag, what is failing now. */
export default function SyncSection({ request }: { request: AnalyticsRequest }) {
  const query = useSyncAnalytics(request);
  const csv = (chart: ChartKey, title: string) => (
    <ExportCsvButton
      endpoint={endpoints.getSyncAnalytics}
      options={{ query: { ...request, format: 'csv', chart } }}
      fallbackFilename={`analytics-sync-${chart}.csv`}
      label="CSV"
      accessibleName={`Download ${title} as CSV`}
      size="xs"
    />
  );
  const card = (data: TSyncAnalytics, key: ChartKey, description?: string) => (
    <ChartCard chart={data[key]} granularity={request.granularity} csv={csv(key, data[key].title)} description={description} />
  );

  return (
    <AnalyticsSection
      title="Sync health"
      headingId="analytics-sync-heading"
      query={query}
      chartsOf={(data) => SYNC_ANALYTICS_CHARTS.map((key) => data[key])}
      empty="No sync runs for these filters. Syncs run on their own once a CRM is connected; their results and speed show here."
    >
      {(data) => (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {card(data, 'currentErrors', 'What is failing now, and what to do about it.')}
          {card(data, 'runsByResult', 'Runs finished in each period, by result.')}
          {card(data, 'duration', 'Mean length of the runs finished in each period.')}
          {card(data, 'throughput', 'Contacts read per second of those runs.')}
          {card(data, 'apiUsage', 'Calls to each CRM’s API against its limits.')}
          {card(data, 'webhookLag', 'From a change in the CRM to its arrival here.')}
        </SimpleGrid>
      )}
    </AnalyticsSection>
  );
}
