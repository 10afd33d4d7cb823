import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import type { TContactListFilter } from '@voiceagent/shared';
import { PageHeading } from '../../../components/page-heading';
import { BulkUpdateDialog } from '../../../features/bulk-updates/components/bulk-update-dialog';
import { CRMIntegration } from '../../../features/crm/components/crm-integration';
import { SaveSegmentDialog } from '../../../features/segments/components/save-segment-dialog';

export function CrmRoute() {
  return (
    <Stack gap="lg">
      <PageHeading title="CRM" />
      <CRMIntegration renderListActions={({ filter }) => <ContactListActions filter={filter} />} />
    </Stack>
  );
}

/** What can be done with the contacts shown: each feature's own dialog, given the list's filter. */
function ContactListActions({ filter }: { filter: TContactListFilter }) {
  const [isUpdating, setUpdating] = useState(false);
  return (
    <>
      <SaveSegmentDialog filter={filter} />
      <Button variant="default" onClick={() => setUpdating(true)}>
        Update in CRM…
      </Button>
      <BulkUpdateDialog selection={{ filter }} isOpen={isUpdating} onClose={() => setUpdating(false)} />
    </>
  );
}
