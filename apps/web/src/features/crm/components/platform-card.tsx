import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { notifications } from '@mantine/notifications';
import type { TCrmConnection, TPhoneRegion, TPlatform } from '@voiceagent/shared';
import { RelativeTime } from '../../../components/relative-time';
import { useNow } from '../../../hooks/use-now';
import { useLatestSyncRun } from '../api/get-latest-sync-run';
import { useStartCrmOAuth } from '../api/start-crm-oauth';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { ConnectionStatusBadge, type CardState } from './connection-status-badge';
import { DisconnectDialog } from './disconnect-dialog';
import { FieldMappingDrawer } from './field-mapping-drawer';
import { FieldMappingNotice } from './field-mapping-notice';
import { LoginHostField } from './login-host-field';
import { PhoneRegionSelect } from './phone-region-select';
import { PlatformLogo } from './platform-logo';
import { SyncButton } from './sync-button';
import { SyncProgress } from './sync-progress';
import { useWatchedSyncRuns } from './watched-sync-runs';
import { WebhookHealthBadge } from './webhook-health-badge';
import { describeError } from '../../../lib/error-messages';
import { readRememberedLoginHost, rememberLoginHost, takesLoginHost, toOAuthStartQuery, type LoginHostChoice } from '../login-host';
import { describeSyncPause, type SyncPauseNotice } from '../sync-pause';

export type PlatformCardProps = {
  platform: TPlatform;
  connection: TCrmConnection | null;
  /** Whether this server can start a connection (the platform is in `available`). */
  isAvailable: boolean;
  isSandbox: boolean;
  /** Where numbers are read for a connection without a region of its own. */
  serverDefaultPhoneRegion: TPhoneRegion;
};

const countFormat = new Intl.NumberFormat('en');

/** Server messages may lack a final stop; the sentence after them needs one. */
const asSentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function toCardState(connection: TCrmConnection | null, { isAvailable, isPaused, activeRunId }: { isAvailable: boolean; isPaused: boolean; activeRunId: string | null }): CardState {
  if (!connection) return isAvailable ? 'not_connected' : 'not_available';
  if (connection.status === 'needs_reauth') return 'needs_reauth';
  // A paused sync may still hold its run open while it waits: the pause is the news.
  if (isPaused) return 'sync_paused';
  if (activeRunId) return 'syncing';
  return connection.status === 'error' ? 'error' : 'connected';
}

/** One CRM: who it is connected to, how its contacts stand, and what can be done next. */
export function PlatformCard({ platform, connection, isAvailable, isSandbox, serverDefaultPhoneRegion }: PlatformCardProps) {
  const name = PLATFORM_LABELS[platform];
  const { runs, watch, unwatch } = useWatchedSyncRuns();
  const [isFieldsOpen, fieldsDrawer] = useDisclosure(false);
  const serverRunId = connection?.activeSyncRunId ?? null;
  const watchedRunId = runs[platform];
  // A run the server reports (started elsewhere: another tab, the schedule, the API) is followed
  // until this page sees it end, like one started here (watch takes each run up once).
  useEffect(() => {
    if (serverRunId) watch(platform, serverRunId);
  }, [platform, serverRunId, watch]);
  // The server's running sync, or one followed here that may already have ended unseen.
  const activeRunId = connection ? (serverRunId ?? watchedRunId ?? null) : null;
  const now = useNow();
  const pause = connection ? describeSyncPause(connection.syncPause, now) : null;
  const state = toCardState(connection, { isAvailable, isPaused: pause !== null, activeRunId });
  const titleId = `crm-card-${platform}`;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={titleId}>
      <Stack gap="md" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap">
            <PlatformLogo platform={platform} />
            <Title order={2} size="h3" id={titleId}>
              {name}
            </Title>
          </Group>
          <Group gap={6} justify="flex-end">
            {isSandbox && (
              <Badge variant="outline" color="gray.8">
                Sandbox
              </Badge>
            )}
            <ConnectionStatusBadge state={state} />
          </Group>
        </Group>
        {connection ? <ConnectionDetails connection={connection} isSyncing={activeRunId !== null} pause={pause} serverDefaultPhoneRegion={serverDefaultPhoneRegion} /> : <NotConnectedText name={name} isAvailable={isAvailable} isSandbox={isSandbox} />}
        {connection && <FieldMappingNotice platform={platform} onReview={fieldsDrawer.open} />}
        {activeRunId && <SyncProgress runId={activeRunId} platform={platform} onEnded={() => unwatch(platform, activeRunId)} />}
        <CardActions platform={platform} connection={connection} isAvailable={isAvailable} isSyncing={activeRunId !== null} onOpenFields={fieldsDrawer.open} />
        {connection && <FieldMappingDrawer platform={platform} isOpen={isFieldsOpen} onClose={fieldsDrawer.close} />}
      </Stack>
    </Card>
  );
}

function NotConnectedText({ name, isAvailable, isSandbox }: { name: string; isAvailable: boolean; isSandbox: boolean }) {
  if (!isAvailable) {
    return (
      <Text c="dimmed">
        {name} is not set up on this server, so it cannot be connected here. Ask your administrator to configure its {name} app.
      </Text>
    );
  }
  return (
    <Text c="dimmed">
      {isSandbox
        ? `Connect the local ${name} sandbox to sync its sample contacts.`
        : `Connect your ${name} account to sync its contacts.`}
    </Text>
  );
}

type ConnectionDetailsProps = { connection: TCrmConnection; isSyncing: boolean; pause: SyncPauseNotice | null; serverDefaultPhoneRegion: TPhoneRegion };

function ConnectionDetails({ connection, isSyncing, pause, serverDefaultPhoneRegion }: ConnectionDetailsProps) {
  const name = PLATFORM_LABELS[connection.platform];
  // How the last sync ended, read only when none is running (the progress bar covers that).
  const latestRun = useLatestSyncRun(connection.platform, { isEnabled: !isSyncing });
  const failedRun = !isSyncing && latestRun.data?.status === 'failed' ? latestRun.data : null;
  return (
    <Stack gap={6}>
      <Text>
        Connected to <Text span fw={600}>{connection.accountName ?? connection.accountId ?? `your ${name} account`}</Text>
        {connection.dataCentre && ` · ${connection.dataCentre.toUpperCase()} data centre`}
      </Text>
      <Group gap="xl">
        <Text size="sm">
          <Text span fw={600}>{countFormat.format(connection.contactCount)}</Text> contact{connection.contactCount === 1 ? '' : 's'}
        </Text>
        <Text size="sm">
          {connection.lastSyncedAt ? (
            <>
              Last synced <RelativeTime iso={connection.lastSyncedAt} />
            </>
          ) : (
            'Not synced yet'
          )}
        </Text>
        <WebhookHealthBadge health={connection.webhooks} pollPause={connection.changePollPause} />
      </Group>
      <PhoneRegionSelect connection={connection} serverDefaultRegion={serverDefaultPhoneRegion} />
      {pause && connection.status !== 'needs_reauth' && (
        <Alert color="blue" variant="light" title={pause.title}>
          {pause.message}
        </Alert>
      )}
      {connection.status === 'needs_reauth' && (
        <Alert color="orange" variant="light" title="Reconnect needed">
          {asSentence(connection.lastError?.message ?? `${name} no longer accepts VoiceAgent CRM's access`)} Reconnect to
          resume syncing; your synced contacts stay meanwhile.
        </Alert>
      )}
      {connection.lastError && connection.status !== 'needs_reauth' && connection.lastError.code !== pause?.code && (
        <Alert color="red" variant="light" title="Last error">
          {connection.lastError.message}
        </Alert>
      )}
      {failedRun && !connection.lastError && (
        <Alert color="red" variant="light" title="Last sync failed">
          {failedRun.error?.message ?? 'The sync stopped with an error.'}
          {failedRun.finishedAt && (
            <>
              {' '}
              (<RelativeTime iso={failedRun.finishedAt} />)
            </>
          )}
        </Alert>
      )}
    </Stack>
  );
}

type CardActionsProps = Omit<PlatformCardProps, 'isSandbox' | 'serverDefaultPhoneRegion'> & { isSyncing: boolean; onOpenFields: () => void };

function CardActions({ platform, connection, isAvailable, isSyncing, onOpenFields }: CardActionsProps) {
  const startOAuth = useStartCrmOAuth();
  const [isDisconnectOpen, disconnectDialog] = useDisclosure(false);
  const name = PLATFORM_LABELS[platform];
  const hasLoginHost = takesLoginHost(platform);
  // Reconnect offers the login host this browser connected with last.
  const [loginHost, setLoginHost] = useState<LoginHostChoice>(readRememberedLoginHost);
  const [loginHostError, setLoginHostError] = useState<string | null>(null);
  const myDomainRef = useRef<HTMLInputElement>(null);

  const connect = () => {
    const start = toOAuthStartQuery(platform, loginHost);
    if (!start.isValid) {
      setLoginHostError(start.error);
      myDomainRef.current?.focus();
      return;
    }
    if (start.query.loginHost) rememberLoginHost(start.query.loginHost);
    startOAuth.mutate(
      { platform, query: start.query },
      { onError: (error) => notifications.show({ color: 'red', title: `Could not start connecting ${name}`, message: describeError(error, { platform }) }) },
    );
  };
  // Stays busy after success too: the browser is on its way to the provider's page.
  const isConnecting = startOAuth.isPending || startOAuth.isSuccess;
  const loginHostField = hasLoginHost && (
    <LoginHostField
      name={name}
      choice={loginHost}
      onChange={(choice) => {
        setLoginHost(choice);
        setLoginHostError(null);
      }}
      error={loginHostError}
      disabled={isConnecting}
      myDomainRef={myDomainRef}
    />
  );

  if (!connection) {
    if (!isAvailable) return null;
    return (
      <Stack mt="auto" gap="md">
        {loginHostField}
        <Group>
          <Button onClick={connect} loading={isConnecting} aria-label={`Connect ${name}`}>
            Connect
          </Button>
        </Group>
      </Stack>
    );
  }

  const needsReconnect = connection.status !== 'connected';
  return (
    <Stack mt="auto" gap="md">
      {needsReconnect && isAvailable && loginHostField}
      <Group gap="sm">
        {needsReconnect && isAvailable && (
          <Button onClick={connect} loading={isConnecting} aria-label={`Reconnect ${name}`}>
            Reconnect
          </Button>
        )}
        {connection.status !== 'needs_reauth' && (
          // Named by its visible text; the card around it says which CRM.
          <SyncButton platforms={[platform]} label={isSyncing ? 'Syncing…' : 'Sync now'} variant={needsReconnect ? 'default' : 'filled'} disabled={isSyncing} />
        )}
        <Button variant="default" onClick={onOpenFields} aria-label={`${name} fields`}>
          Fields
        </Button>
        <Button variant="default" color="red" onClick={disconnectDialog.open} aria-label={`Disconnect ${name}`}>
          Disconnect
        </Button>
      </Group>
      <DisconnectDialog connection={connection} isOpen={isDisconnectOpen} onClose={disconnectDialog.close} />
    </Stack>
  );
}
