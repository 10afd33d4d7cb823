import { Button, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TContactListFilter, TPlatform } from '@voiceagent/shared';
import { PageHeading } from '../../../components/page-heading';
import { BulkUpdateDialog } from '../../../features/bulk-updates/components/bulk-update-dialog';
import { crmQueryKeys } from '../../../features/crm/api/query-keys';
import { displayName } from '../../../features/crm/components/contact-row';
import { CRMIntegration } from '../../../features/crm/components/crm-integration';
import { ImportDialog } from '../../../features/imports/components/import-dialog';
import { SuppressContactButton } from '../../../features/suppressions/components/suppress-contact-button';
import { SaveSegmentDialog } from '../../../features/segments/components/save-segment-dialog';

export function CrmRoute() {
  const queryClient = useQueryClient();
  // A suppressed number changes the contacts' reasons: the lists and the open contact are read again.
  const refreshContacts = () => void queryClient.invalidateQueries({ queryKey: crmQueryKeys.contacts() });
  return (
    <Stack gap="lg">
      <PageHeading title="CRM" />
      <CRMIntegration
        renderListActions={({ filter, connected }) => <ContactListActions filter={filter} connected={connected} />}
        renderContactActions={(contact) => <SuppressContactButton contact={contact} name={displayName(contact)} onSuppressed={refreshContacts} />}
      />
    </Stack>
  );
}

/** What can be done with the contacts shown: each feature's own dialog, given the list's filter. */
function ContactListActions({ filter, connected }: { filter: TContactListFilter; connected: TPlatform[] }) {
  const [isUpdating, setUpdating] = useState(false);
  const [isImporting, setImporting] = useState(false);
  return (
    <>
      <SaveSegmentDialog filter={filter} />
      <Button variant="default" onClick={() => setUpdating(true)}>
        Update in CRM…
      </Button>
      <BulkUpdateDialog selection={{ filter }} isOpen={isUpdating} onClose={() => setUpdating(false)} />
      <Button variant="default" onClick={() => setImporting(true)}>
        Import CSV…
      </Button>
      <ImportDialog connected={connected} isOpen={isImporting} onClose={() => setImporting(false)} />
    </>
  );
}
