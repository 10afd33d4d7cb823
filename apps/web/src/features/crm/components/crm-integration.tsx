import { Group, Stack, Title } from '@mantine/core';
import { useCrmCredentials } from '../api/get-crm-credentials';
import { useOAuthReturnNotice } from '../hooks/use-oauth-return-notice';
import { ContactsSection, type ContactsSectionProps } from './contacts-section';
import { PlatformCards } from './platform-cards';
import { SyncButton } from './sync-button';
import { WatchedSyncRunsProvider } from './watched-sync-runs';

/** The CRM Integration screen: a card per platform, then the synced contacts. */
type CRMIntegrationProps = Pick<ContactsSectionProps, 'renderListActions' | 'renderContactActions'>;

export function CRMIntegration({ renderListActions, renderContactActions }: CRMIntegrationProps) {
  return (
    <WatchedSyncRunsProvider>
      <CrmIntegrationContent renderListActions={renderListActions} renderContactActions={renderContactActions} />
    </WatchedSyncRunsProvider>
  );
}

function CrmIntegrationContent({ renderListActions, renderContactActions }: CRMIntegrationProps) {
  useOAuthReturnNotice();
  const credentials = useCrmCredentials();
  const connections = credentials.data?.connections ?? [];
  const syncable = connections.filter((c) => c.status !== 'needs_reauth');
  const isEverySyncRunning = syncable.length > 0 && syncable.every((c) => c.activeSyncRunId !== null);

  return (
    <Stack gap="xl">
      <Stack gap="md" component="section" aria-labelledby="connections-heading">
        <Group justify="space-between" gap="sm">
          <Title order={2} id="connections-heading">
            Connections
          </Title>
          {syncable.length > 1 && (
            <SyncButton platforms={syncable.map((c) => c.platform)} label="Sync all" variant="default" disabled={isEverySyncRunning} />
          )}
        </Group>
        <PlatformCards credentials={credentials} />
      </Stack>
      {credentials.data && (
        <ContactsSection
          connections={connections}
          renderSyncAction={(platforms) => (
            <SyncButton platforms={platforms} label="Sync now" style={{ alignSelf: 'flex-start' }} />
          )}
          renderListActions={renderListActions}
          renderContactActions={renderContactActions}
        />
      )}
    </Stack>
  );
}
