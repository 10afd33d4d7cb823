import { Anchor, SimpleGrid, Text } from '@mantine/core';
import { CONTACT_ANALYTICS_CHARTS, endpoints, type TContactAnalytics } from '@voiceagent/shared';
import { Link } from 'react-router-dom';
import { ExportCsvButton } from '../../../components/export-csv-button';
import { paths } from '../../../config/paths';
import type { AnalyticsRequest } from '../analytics-filters';
import { useContactAnalytics } from '../api/get-contact-analytics';
import { formatValue } from '../chart-data';
import { AnalyticsSection } from './analytics-section';
import { ChartCard } from './chart-card';

type ChartKey = (typeof CONTACT_ANALYTICS_CHARTS)[number];

/** Contacts: how the base changes per CRM, how much of it can be called, duplicates across CRMs, stages. */
export default function ContactsSection({ request }: { request: AnalyticsRequest }) {
  const query = useContactAnalytics(request);
  const csv = (chart: ChartKey, title: string) => (
    <ExportCsvButton
      endpoint={endpoints.getContactAnalytics}
      options={{ query: { ...request, format: 'csv', chart } }}
      fallbackFilename={`analytics-contacts-${chart}.csv`}
      label="CSV"
      accessibleName={`Download ${title} as CSV`}
      size="xs"
    />
  );
  const card = (data: TContactAnalytics, key: ChartKey, description?: string) => (
    <ChartCard chart={data[key]} granularity={request.granularity} csv={csv(key, data[key].title)} description={description} />
  );

  return (
    <AnalyticsSection
      title="Contacts"
      headingId="analytics-contacts-heading"
      query={query}
      chartsOf={(data) => CONTACT_ANALYTICS_CHARTS.map((key) => data[key])}
      empty={
        <Text>
          No contacts for these filters. Connect a CRM and sync it on the{' '}
          <Anchor component={Link} to={paths.app.crm.getHref()}>
            CRM
          </Anchor>{' '}
          page; figures appear as contacts arrive.
        </Text>
      }
      summary={(data) => (
        <Text size="sm">
          {formatValue(data.totals.contacts, 'count')} contacts · {formatValue(data.totals.callable, 'count')} callable · {formatValue(data.totals.notCallable, 'count')} not
          callable
        </Text>
      )}
    >
      {(data) => (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {card(data, 'createdInCrm', 'By the time each contact was created in its CRM.')}
          {card(data, 'syncedHere', 'By the time each contact first arrived here.')}
          {card(data, 'callableByCountry', 'By the country of the contact’s number.')}
          {card(data, 'notCallableReasons', 'A contact counts under each reason it has.')}
          {card(data, 'duplicates', 'The same person in more than one CRM, matched on e-mail or number.')}
          {card(data, 'byLifecycleStage')}
          {card(data, 'byLeadStatus')}
        </SimpleGrid>
      )}
    </AnalyticsSection>
  );
}
