import { Badge, Button, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { TSuppression } from '@voiceagent/shared';
import { useState } from 'react';
import { PagedSection } from '../../../components/paged-section';
import { RelativeTime } from '../../../components/relative-time';
import { useSuppressions } from '../api/get-suppressions';
import { describeCrmWriteBack } from '../crm-write-back';
import { SUPPRESSION_SOURCE_LABELS } from '../labels';
import { RemoveSuppressionDialog } from './remove-suppression-dialog';

/** The suppression list, newest first, a page at a time, each number with a way to remove it. */
export function SuppressionsList() {
  const suppressions = useSuppressions();
  const items = suppressions.data?.pages.flatMap((page) => page.items) ?? [];
  const [removing, setRemoving] = useState<TSuppression | null>(null);
  return (
    <PagedSection
      title="Suppressed numbers"
      headingId="suppressions-heading"
      query={suppressions}
      noun="numbers"
      errorTitle="Could not load your suppression list"
      isEmpty={items.length === 0}
      empty={<Text>No number is suppressed. Add one, upload a CSV, or suppress a contact’s number from the CRM page.</Text>}
    >
      <Table.ScrollContainer minWidth={720}>
        <Table striped aria-labelledby="suppressions-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th>CRM write-back</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((suppression) => (
              <Table.Tr key={suppression.id}>
                <Table.Td ff="monospace">{suppression.phoneE164}</Table.Td>
                <Table.Td>{suppression.reason ?? <Text span c="gray.7">—</Text>}</Table.Td>
                <Table.Td>{SUPPRESSION_SOURCE_LABELS[suppression.source]}</Table.Td>
                <Table.Td>
                  <RelativeTime iso={suppression.createdAt} />
                </Table.Td>
                <Table.Td>
                  <CrmWriteBackBadge suppression={suppression} />
                </Table.Td>
                <Table.Td ta="right">
                  <Button size="xs" variant="default" color="red" onClick={() => setRemoving(suppression)} aria-label={`Remove ${suppression.phoneE164}`}>
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {removing && <RemoveSuppressionDialog suppression={removing} onClose={() => setRemoving(null)} />}
    </PagedSection>
  );
}

/** The write-back's state; its detail (records, failure, bulk update) on hover and for screen readers. */
function CrmWriteBackBadge({ suppression }: { suppression: TSuppression }) {
  const view = describeCrmWriteBack(suppression.crmWriteBack);
  return (
    <Tooltip label={view.detail} multiline w={320}>
      <Badge color={view.color} variant="light">
        {view.label}
        <VisuallyHidden>. {view.detail}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}
