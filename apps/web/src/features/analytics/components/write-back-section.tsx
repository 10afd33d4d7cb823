import { SimpleGrid, Text } from '@mantine/core';
import { endpoints, WRITE_BACK_ANALYTICS_CHARTS, type TWriteBackAnalytics } from '@voiceagent/shared';
import { ExportCsvButton } from '../../../components/export-csv-button';
import type { AnalyticsRequest } from '../analytics-filters';
import { useWriteBackAnalytics } from '../api/get-write-back-analytics';
import { formatValue } from '../chart-data';
import { AnalyticsSection } from './analytics-section';
import { ChartCard } from './chart-card';

type ChartKey = (typeof WRITE_BACK_ANALYTICS_CHARTS)[number];

/** Write-back: how many call results reach the CRMs, how fast, and why the others did not. */
export default function WriteBackSection({ request }: { request: AnalyticsRequest }) {
  const query = useWriteBackAnalytics(request);
  const csv = (chart: ChartKey, title: string) => (
    <ExportCsvButton
      endpoint={endpoints.getWriteBackAnalytics}
      options={{ query: { ...request, format: 'csv', chart } }}
      fallbackFilename={`analytics-write-back-${chart}.csv`}
      label="CSV"
      accessibleName={`Download ${title} as CSV`}
      size="xs"
    />
  );
  const card = (data: TWriteBackAnalytics, key: ChartKey, description?: string) => (
    <ChartCard chart={data[key]} granularity={request.granularity} csv={csv(key, data[key].title)} description={description} />
  );

  return (
    <AnalyticsSection
      title="Write-back"
      headingId="analytics-write-back-heading"
      query={query}
      chartsOf={(data) => WRITE_BACK_ANALYTICS_CHARTS.map((key) => data[key])}
      empty="No call results written back for these filters. Each reported call is logged in its contact’s CRM; how that goes shows here."
      summary={(data) => (
        <Text size="sm">
          {formatValue(data.totals.succeeded, 'count')} written back · {formatValue(data.totals.failed, 'count')} failed · {formatValue(data.totals.pending, 'count')} waiting ·
          success rate {formatValue(data.totals.rate, 'ratio')}
        </Text>
      )}
    >
      {(data) => (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {card(data, 'successRate', 'Written back, of those finished.')}
          {card(data, 'latency', 'From the end of the call to the CRM’s acknowledgement.')}
          {card(data, 'failuresByReason')}
        </SimpleGrid>
      )}
    </AnalyticsSection>
  );
}
