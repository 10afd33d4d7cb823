import { Stack, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PageHeading } from '../../../components/page-heading';
import { useNow } from '../../../hooks/use-now';
import { formatAnalyticsFilters, parseAnalyticsFilters, toAnalyticsRequest } from '../../../features/analytics/analytics-filters';
import { AnalyticsFiltersBar } from '../../../features/analytics/components/analytics-filters-bar';
import { SectionSkeleton } from '../../../features/analytics/components/analytics-section';
import { useAnalyticsTimeZone } from '../../../features/analytics/hooks/use-analytics-time-zone';

// Each section is its own chunk (with the chart library), so the first screen stays within budget.
const ContactsSection = lazy(() => import('../../../features/analytics/components/contacts-section'));
const SyncSection = lazy(() => import('../../../features/analytics/components/sync-section'));
const CampaignsSection = lazy(() => import('../../../features/analytics/components/campaigns-section'));
const WriteBackSection = lazy(() => import('../../../features/analytics/components/write-back-section'));

const SECTIONS = [
  { key: 'contacts', label: 'Loading contacts', Section: ContactsSection },
  { key: 'sync', label: 'Loading sync health', Section: SyncSection },
  { key: 'campaigns', label: 'Loading campaigns', Section: CampaignsSection },
  { key: 'write-back', label: 'Loading write-back', Section: WriteBackSection },
] as const;

/** /analytics: the contacts, syncs, campaigns and write-back over a range, each section from its own endpoint; the filters live in the URL. */
export function AnalyticsRoute() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = parseAnalyticsFilters(searchParams);
  const zone = useAnalyticsTimeZone();
  const now = useNow(60_000);
  const { request, range } = toAnalyticsRequest(filters, zone.timeZone, now);

  return (
    <Stack gap="lg">
      <PageHeading title="Analytics" />
      <Text c="dimmed" maw={720}>
        Your contacts, syncs, campaigns and their write-back over time. Every chart can be read as a table and downloaded as CSV.
      </Text>
      <AnalyticsFiltersBar
        filters={filters}
        range={range}
        onChange={(next) => setSearchParams(formatAnalyticsFilters(next), { replace: true })}
        timeZone={zone.timeZone}
        onTimeZoneChange={zone.setTimeZone}
        isSavingTimeZone={zone.isSaving}
        timeZoneError={zone.saveError}
      />
      {SECTIONS.map(({ key, label, Section }) =>
        zone.isReady ? (
          <Suspense key={key} fallback={<SectionSkeleton label={label} />}>
            <Section request={request} />
          </Suspense>
        ) : (
          <SectionSkeleton key={key} label={label} />
        ),
      )}
    </Stack>
  );
}
