import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { TSegment } from '@voiceagent/shared';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { PagedSection } from '../../../components/paged-section';
import { RelativeTime } from '../../../components/relative-time';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeError } from '../../../lib/error-messages';
import { useSegments } from '../api/get-segments';
import { useRefreshSegment } from '../api/refresh-segment';
import { toContactsHref } from '../contacts-link';
import { DeleteSegmentDialog } from './delete-segment-dialog';
import { EditSegmentDialog } from './edit-segment-dialog';
import { describeFilter } from './save-segment-dialog';
import { SegmentCounts } from './segment-counts';

/** The Segments screen's list: each saved filter with its contacts counted now, per CRM. */
export function SegmentsList() {
  const segments = useSegments();
  const items = segments.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <PagedSection
      title="Your segments"
      headingId="segments-heading"
      query={segments}
      noun="segments"
      errorTitle="Could not load your segments"
      isEmpty={items.length === 0}
      empty={
        <Text>
          No segments yet. Filter the contacts on the CRM page and choose Save as segment, make one here with New segment, or import a list of your CRM.
        </Text>
      }
    >
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((segment) => (
          <SegmentItem key={segment.id} segment={segment} />
        ))}
      </Stack>
    </PagedSection>
  );
}

function SegmentItem({ segment }: { segment: TSegment }) {
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const headingId = `segment-${segment.id}`;
  const filter = describeFilter(segment.filter);
  const refresh = useRefreshSegment();
  const { source } = segment;
  return (
    <Paper withBorder radius="sm" p="md" component="li" aria-labelledby={headingId}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={3} size="h4" id={headingId}>
              {segment.name}
            </Title>
            {segment.description && <Text size="sm">{segment.description}</Text>}
            {source ? (
              <Text size="xs" c="gray.7">
                {PLATFORM_LABELS[source.platform]} list · members read{' '}
                {source.refreshedAt ? <RelativeTime iso={source.refreshedAt} /> : 'not yet'}, and again after every sync
              </Text>
            ) : (
              <Text size="xs" c="gray.7">
                {filter.length > 0 ? filter.join(' · ') : 'Every contact'} · saved <RelativeTime iso={segment.updatedAt} />
              </Text>
            )}
          </Stack>
          <Group gap="xs">
            {source ? (
              <Button size="xs" onClick={() => refresh.mutate(segment.id)} loading={refresh.isPending} aria-label={`Refresh ${segment.name} from ${PLATFORM_LABELS[source.platform]}`}>
                Refresh
              </Button>
            ) : (
              <Button component={Link} to={toContactsHref(segment.filter)} size="xs" aria-label={`Open ${segment.name}`}>
                Open
              </Button>
            )}
            <Button size="xs" variant="default" onClick={() => setDialog('edit')} aria-label={`Edit ${segment.name}`}>
              Edit
            </Button>
            <Button size="xs" variant="default" color="red" onClick={() => setDialog('delete')} aria-label={`Delete ${segment.name}`}>
              Delete
            </Button>
          </Group>
        </Group>
        {refresh.isError && (
          <Alert color="red" variant="light" title="The list was not refreshed" p="xs" role="alert">
            {describeError(refresh.error)}
          </Alert>
        )}
        {source && segment.problem && !refresh.isError && (
          <Alert color="orange" variant="light" title="The last refresh from the CRM failed" p="xs">
            {segment.problem} The members of the last good refresh are kept.
          </Alert>
        )}
        {segment.counts ? (
          <SegmentCounts counts={segment.counts} />
        ) : (
          <Alert color="orange" variant="light" title="This segment cannot be counted" p="xs">
            {segment.problem ?? 'Its filter cannot run now.'} Map the field again, or save a new segment without that condition.
          </Alert>
        )}
      </Stack>
      {dialog === 'edit' && <EditSegmentDialog segment={segment} isOpen onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteSegmentDialog segment={segment} isOpen onClose={() => setDialog(null)} />}
    </Paper>
  );
}
