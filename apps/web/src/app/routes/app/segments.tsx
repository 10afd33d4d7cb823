import { Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PageHeading } from '../../../components/page-heading';
import { SaveSegmentDialog } from '../../../features/segments/components/save-segment-dialog';
import { SegmentsList } from '../../../features/segments/components/segments-list';

/** /segments: saved filters with their contacts counted now, and a way to make one without the contacts screen. */
export function SegmentsRoute() {
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageHeading title="Segments" />
        <SaveSegmentDialog
          filter={{}}
          canEditFilter
          label="New segment"
          onSaved={(segment) => notifications.show({ color: 'green', title: 'Segment saved', message: `${segment.name} is saved.` })}
        />
      </Group>
      <Text c="dimmed" maw={720}>
        A segment is a saved filter of your contacts. Its counts are taken when you look, so they follow your CRMs; agents made from a
        segment call its members as they are when each campaign starts.
      </Text>
      <SegmentsList />
    </Stack>
  );
}
