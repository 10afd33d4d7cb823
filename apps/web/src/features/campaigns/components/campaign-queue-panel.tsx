import { Alert, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { TCampaign, TCampaignQueue } from '@voiceagent/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { LoadError } from '../../../components/load-error';
import { RelativeTime } from '../../../components/relative-time';
import { describeError } from '../../../lib/error-messages';
import { useChangeCampaignStatus, type CampaignTransition } from '../api/change-campaign-status';
import { useCampaignQueue } from '../api/get-campaign-queue';
import { CAMPAIGN_STATUS_COLORS, CAMPAIGN_STATUS_LABELS } from '../labels';
import { CallingRulesSummary } from './calling-rules-summary';
import { EditCallingRulesDialog } from './edit-calling-rules-dialog';

/** The queue's counts, in the order a person reads them. */
const COUNTS: ReadonlyArray<{ key: keyof TCampaignQueue & string; label: string; hint: string }> = [
  { key: 'callableNow', label: 'Callable now', hint: 'Inside their window, with attempts left' },
  { key: 'waitingForWindow', label: 'Waiting for their window', hint: 'Outside their calling hours or days now' },
  { key: 'waitingToRetry', label: 'Waiting to retry', hint: 'Called before; their retry time has not come' },
  { key: 'leased', label: 'Being called', hint: 'Handed to the calling service' },
  { key: 'done', label: 'Done', hint: 'Answered, finally refused, or out of attempts' },
  { key: 'suppressed', label: 'Suppressed', hint: 'On your suppression list' },
  { key: 'doNotCall', label: 'Do not call', hint: 'Do not call or no consent in the CRM' },
  { key: 'unknownTimeZone', label: 'Unknown time zone', hint: 'Skipped: no time zone from the CRM or the number' },
];


const localFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });

/** Where the campaign's contacts stand now, its state and the buttons that change it, and its rules. */
export function CampaignQueuePanel({ campaign }: { campaign: TCampaign }) {
  const isActive = campaign.status === 'running';
  const queue = useCampaignQueue(campaign.id, isActive);
  const change = useChangeCampaignStatus(campaign.id);
  const [dialog, setDialog] = useState<'cancel' | 'rules' | null>(null);
  const isOver = campaign.status === 'cancelled' || campaign.status === 'completed';
  const run = (transition: CampaignTransition) => change.mutate(transition, { onSuccess: () => setDialog(null) });

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="queue-heading">
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Group gap="sm">
            <Title order={2} size="h3" id="queue-heading">
              Call queue
            </Title>
            <Badge color={CAMPAIGN_STATUS_COLORS[campaign.status]} variant="light" c="dark.7" aria-label={`Status: ${CAMPAIGN_STATUS_LABELS[campaign.status]}`}>
              {CAMPAIGN_STATUS_LABELS[campaign.status]}
            </Badge>
          </Group>
          <Group gap="xs">
            {campaign.status === 'running' && (
              <Button variant="default" onClick={() => run('pause')} loading={change.isPending && change.variables === 'pause'}>
                Pause
              </Button>
            )}
            {campaign.status === 'paused' && (
              <Button onClick={() => run('resume')} loading={change.isPending && change.variables === 'resume'}>
                Resume
              </Button>
            )}
            {!isOver && (
              <Button variant="default" color="red" onClick={() => setDialog('cancel')}>
                Cancel campaign
              </Button>
            )}
          </Group>
        </Group>
        {change.isError && dialog !== 'cancel' && (
          <Alert color="red" variant="light" title="The campaign did not change" role="alert">
            {describeError(change.error)}
          </Alert>
        )}
        {queue.isPending ? (
          <Skeleton height={96} role="status" aria-label="Loading the queue" />
        ) : queue.error && !queue.data ? (
          <LoadError title="Could not load the queue" query={queue} />
        ) : (
          <QueueCounts queue={queue.data} />
        )}
        <Stack gap={4}>
          <Group justify="space-between">
            <Title order={3} size="h5">
              Calling rules
            </Title>
            {!isOver && (
              <Button size="xs" variant="subtle" onClick={() => setDialog('rules')}>
                Edit rules
              </Button>
            )}
          </Group>
          <CallingRulesSummary rules={campaign.rules} />
        </Stack>
      </Stack>
      {dialog === 'rules' && <EditCallingRulesDialog campaign={campaign} onClose={() => setDialog(null)} />}
      <ConfirmDialog
        title={`Cancel ${campaign.name}?`}
        isOpen={dialog === 'cancel'}
        onClose={() => setDialog(null)}
        onConfirm={() => run('cancel')}
        confirmLabel="Cancel campaign"
        cancelLabel="Keep it"
        isPending={change.isPending}
        failure={change.isError ? { title: 'Could not cancel', message: describeError(change.error) } : null}
      >
        No contact of this campaign will be called again; this cannot be undone. Calls already under way may still report their results.
      </ConfirmDialog>
    </Paper>
  );
}

function QueueCounts({ queue }: { queue: TCampaignQueue }) {
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" component="dl" m={0}>
        {COUNTS.map(({ key, label, hint }) => (
          <Stack key={key} gap={0} title={hint}>
            <Text component="dt" size="xs" c="gray.7">
              {label}
            </Text>
            <Text component="dd" m={0} fw={700} size="lg" data-count={key}>
              {(queue[key] as number).toLocaleString('en')}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
      {queue.waitingForWindow > 0 && (
        <Text size="sm" c="gray.7">
          {queue.nextWindowOpensAt ? (
            <>
              Next window opens {localFormat.format(new Date(queue.nextWindowOpensAt))} your time (<RelativeTime iso={queue.nextWindowOpensAt} />).
            </>
          ) : (
            'No window opens again before the campaign ends.'
          )}
        </Text>
      )}
    </Stack>
  );
}
