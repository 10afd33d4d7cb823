import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { PageHeading } from '../../../components/page-heading';
import { AddSuppressionDialog } from '../../../features/suppressions/components/add-suppression-dialog';
import { CrmWriteBackSetting } from '../../../features/suppressions/components/crm-write-back-setting';
import { ImportSuppressionsDialog } from '../../../features/suppressions/components/import-suppressions-dialog';
import { SuppressionsList } from '../../../features/suppressions/components/suppressions-list';

/** /suppressions: numbers no campaign calls, from any CRM. */
export function SuppressionsRoute() {
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageHeading title="Suppression list" />
        <Group gap="sm">
          <Button variant="default" onClick={() => setDialog('import')}>
            Upload CSV…
          </Button>
          <Button onClick={() => setDialog('add')}>Add number</Button>
        </Group>
      </Group>
      <Text c="dimmed" maw={720}>
        A suppressed number is never called by a campaign, whichever CRM its contact comes from. Numbers are added here, from a contact on
        the CRM page, and when someone asks on a call not to be called again.
      </Text>
      <CrmWriteBackSetting />
      <SuppressionsList />
      {dialog === 'add' && <AddSuppressionDialog isOpen onClose={() => setDialog(null)} />}
      <ImportSuppressionsDialog isOpen={dialog === 'import'} onClose={() => setDialog(null)} />
    </Stack>
  );
}
