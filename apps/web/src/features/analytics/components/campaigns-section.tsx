import { Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { CAMPAIGN_ANALYTICS_CHARTS, endpoints, type TCampaignAnalytics } from '@voiceagent/shared';
import { useState } from 'react';
import { ExportCsvButton } from '../../../components/export-csv-button';
import { useFilterFields } from '../../../lib/contact-filter/get-filter-fields';
import type { AnalyticsRequest } from '../analytics-filters';
import { useCampaignAnalytics } from '../api/get-campaign-analytics';
import { formatValue } from '../chart-data';
import { AnalyticsSection } from './analytics-section';
import { ChartCard } from './chart-card';

type ChartKey = (typeof CAMPAIGN_ANALYTICS_CHARTS)[number];

/** Campaigns: outcomes over time, when people answer, how long, by stage, and the campaigns side by side. */
export default function CampaignsSection({ request }: { request: AnalyticsRequest }) {
  const [field, setField] = useState<string | null>(null);
  const query = useCampaignAnalytics({ ...request, field });
  const csv = (chart: ChartKey, title: string) => (
    <ExportCsvButton
      endpoint={endpoints.getCampaignAnalytics}
      options={{ query: { ...request, field, format: 'csv', chart } }}
      fallbackFilename={`analytics-campaigns-${chart}.csv`}
      label="CSV"
      accessibleName={`Download ${title} as CSV`}
      size="xs"
    />
  );
  const card = (data: TCampaignAnalytics, key: Exclude<ChartKey, 'answerRateByField'>, description?: string) => (
    <ChartCard chart={data[key]} granularity={request.granularity} csv={csv(key, data[key].title)} description={description} />
  );

  return (
    <AnalyticsSection
      title="Campaigns"
      headingId="analytics-campaigns-heading"
      query={query}
      chartsOf={(data) => CAMPAIGN_ANALYTICS_CHARTS.map((key) => data[key])}
      empty="No calls for these filters. Start a campaign from an agent; its calls show here as the calling service reports them."
      summary={(data) => (
        <Text size="sm">
          {formatValue(data.totals.calls, 'count')} calls · {formatValue(data.totals.answered, 'count')} answered · answer rate {formatValue(data.totals.rate, 'ratio')}
        </Text>
      )}
    >
      {(data) => (
        <>
          {card(data, 'answerHeatMap', 'In each contact’s own time; use it to choose calling windows.')}
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            {card(data, 'outcomes', 'Calls by when they started, by CRM and outcome.')}
            {card(data, 'answeredDuration', 'Mean length of answered calls.')}
            {card(data, 'answerRateByLifecycleStage')}
            {data.answerRateByField ? (
              <Stack gap="xs">
                <FieldPicker field={field} onChange={setField} />
                <ChartCard chart={data.answerRateByField} granularity={request.granularity} csv={csv('answerRateByField', data.answerRateByField.title)} />
              </Stack>
            ) : (
              <Paper withBorder radius="md" p="md" component="article" aria-labelledby="analytics-answer-rate-by-field">
                <Stack gap="xs">
                  <Title order={3} size="h5" id="analytics-answer-rate-by-field">
                    Answer rate by a custom field
                  </Title>
                  <FieldPicker field={field} onChange={setField} />
                </Stack>
              </Paper>
            )}
          </SimpleGrid>
          {card(data, 'campaigns', 'Each campaign’s calls in this range.')}
        </>
      )}
    </AnalyticsSection>
  );
}

/** The mapped custom fields, to compare answer rates by one's values. */
function FieldPicker({ field, onChange }: { field: string | null; onChange: (field: string | null) => void }) {
  const fields = useFilterFields();
  const options = (fields.data ?? []).filter((item) => item.isCustom).map((item) => ({ value: item.field.replace(/^custom\./, ''), label: item.label }));
  return (
    <Select
      label="Custom field"
      placeholder={fields.isPending ? 'Loading fields…' : options.length === 0 ? 'No custom fields mapped' : 'Choose a field'}
      data={options}
      value={field}
      onChange={onChange}
      clearable
      searchable
      disabled={options.length === 0}
      w={260}
    />
  );
}
