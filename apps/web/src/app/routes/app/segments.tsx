import { Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PageHeading } from '../../../components/page-heading';
import { ImportCrmListDialog } from '../../../features/segments/components/import-crm-list-dialog';
import { SaveSegmentDialog } from '../../../features/segments/components/save-segment-dialog';
import { SegmentsList } from '../../../features/segments/components/segments-list';

/** /segments: saved filters with their contacts counted now, and a way to make one without the contacts screen. */
export function SegmentsRoute() {
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageHeading title="Segments" />
        <Group gap="sm">
          <ImportCrmListDialog
            onImported={(segment) =>
              notifications.show({ color: 'green', title: 'List imported', message: `${segment.name} is a segment; its members follow the CRM after every sync.` })
            }
          />
          <SaveSegmentDialog
            filter={{}}
            canEditFilter
            label="New segment"
            onSaved={(segment) => notifications.show({ color: 'green', title: 'Segment saved', message: `${segment.name} is saved.` })}
          />
        </Group>
      </Group>
      <Text c="dimmed" maw={720}>
        A segment is a saved filter of your contacts, or a list imported from your CRM whose members are read again after every sync. Its
        counts are taken when you look; agents made from a segment call its members as they are when each campaign starts.
      </Text>
      <SegmentsList />
    </Stack>
  );
}
