import { Alert, Badge, Button, Group, Loader, Modal, Progress, Stack, Table, Text } from '@mantine/core';
import type { TBulkTargetCount, TContactObjectType, TContactSelection, TPlatform } from '@voiceagent/shared';
import { useState } from 'react';
import { PLATFORM_OBJECT_TYPES } from '../../../config/object-types';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeError } from '../../../lib/error-messages';
import { useCancelBulkUpdate } from '../api/cancel-bulk-update';
import { useCreateBulkUpdate } from '../api/create-bulk-update';
import { FAILED_ROWS_SHOWN, useBulkUpdate } from '../api/get-bulk-update';
import { useConnections } from '../api/get-writable-fields';
import { buildSet, describeCounts, describeProgress, JOB_STATUS_LABELS, type Draft, type DraftKey, type Drafts } from '../bulk-update-form';
import { ObjectFieldPicker } from './object-field-picker';

type BulkUpdateDialogProps = {
  /** The contacts to update: the same selection the contacts screen sends anywhere else. */
  selection: TContactSelection;
  isOpen: boolean;
  onClose: () => void;
};

type Step = { kind: 'edit' } | { kind: 'review'; targets: TBulkTargetCount[]; total: number } | { kind: 'running'; jobId: string };

/**
 * Sets a field in the CRMs themselves for the selected contacts: per connected CRM a writable field
 * of its catalogue and a typed value; "Review" asks the server how many each CRM would update, and
 * names them for confirmation; then the job's progress, a cancel, and the rows a CRM refused with its reason.
 */
export function BulkUpdateDialog({ selection, isOpen, onClose }: BulkUpdateDialogProps) {
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const [drafts, setDrafts] = useState<Drafts>({});
  const connections = useConnections();
  const create = useCreateBulkUpdate();
  const set = buildSet(drafts);

  const close = () => {
    if (create.isPending) return;
    create.reset();
    setStep({ kind: 'edit' });
    setDrafts({});
    onClose();
  };

  const review = async () => {
    if (!set) return;
    try {
      const answer = await create.mutateAsync({ selection, set, dryRun: true });
      if (answer.dryRun) setStep({ kind: 'review', targets: answer.targets, total: answer.total });
    } catch {
      // Shown from create.error.
    }
  };

  const confirm = async () => {
    if (!set) return;
    try {
      const answer = await create.mutateAsync({ selection, set });
      if (!answer.dryRun) setStep({ kind: 'running', jobId: answer.job.id });
    } catch {
      // Shown from create.error.
    }
  };

  const connected: TPlatform[] = (connections.data?.connections ?? []).filter((connection) => connection.status === 'connected').map((connection) => connection.platform);
  const draftsOf = (platform: TPlatform): Partial<Record<TContactObjectType, Draft>> =>
    Object.fromEntries(PLATFORM_OBJECT_TYPES[platform].map((objectType) => [objectType, drafts[`${platform}:${objectType}` as DraftKey]]));

  return (
    <Modal opened={isOpen} onClose={close} title="Update a field in the CRMs" size="lg" centered>
      <Stack gap="md">
        {step.kind === 'edit' && (
          <>
            <Text size="sm">The value is written in each CRM itself, for every selected contact of that CRM. Contacts of a CRM you leave unchanged are not touched.</Text>
            {connections.isPending && <Loader size="sm" />}
            {connections.isError && (
              <Alert color="red" variant="light" title="Could not read your CRM connections">
                {describeError(connections.error)}
              </Alert>
            )}
            {connections.isSuccess && connected.length === 0 && <Text>No CRM is connected.</Text>}
            {connected.map((platform) => (
              <ObjectFieldPicker
                key={platform}
                platform={platform}
                objectTypes={PLATFORM_OBJECT_TYPES[platform]}
                drafts={draftsOf(platform)}
                onChange={(objectType, draft) => setDrafts((current) => ({ ...current, [`${platform}:${objectType}`]: draft }))}
              />
            ))}
          </>
        )}
        {step.kind === 'review' && (
          <Stack gap="xs">
            <Text fw={600}>{describeCounts(step.targets)}</Text>
            <Text size="sm" c="dimmed">
              This changes the records in the CRMs and cannot be undone from here.
            </Text>
          </Stack>
        )}
        {step.kind === 'running' && <JobProgress jobId={step.jobId} />}
        {create.error && (
          <Alert color="red" variant="light" title="Could not update" role="alert">
            {describeError(create.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          {step.kind === 'edit' && (
            <>
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button onClick={() => void review()} disabled={!set} loading={create.isPending}>
                Review
              </Button>
            </>
          )}
          {step.kind === 'review' && (
            <>
              <Button variant="default" onClick={() => setStep({ kind: 'edit' })} disabled={create.isPending}>
                Back
              </Button>
              <Button onClick={() => void confirm()} disabled={step.total === 0} loading={create.isPending}>
                Update {step.total.toLocaleString('en')} {step.total === 1 ? 'record' : 'records'}
              </Button>
            </>
          )}
          {step.kind === 'running' && (
            <Button variant="default" onClick={close}>
              Close
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/** The job as it runs: progress, a cancel while it runs, and the rows that failed with the CRM's reason. */
function JobProgress({ jobId }: { jobId: string }) {
  const detail = useBulkUpdate(jobId);
  const cancel = useCancelBulkUpdate();
  if (detail.isPending) return <Loader size="sm" />;
  if (detail.isError) {
    return (
      <Alert color="red" variant="light" title="Could not read the update's progress">
        {describeError(detail.error)}
      </Alert>
    );
  }
  const { job, items } = detail.data;
  const isRunning = job.finishedAt === null;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Badge color={job.status === 'failed' ? 'red' : job.status === 'partially_failed' ? 'orange' : isRunning ? 'blue' : 'green'}>{JOB_STATUS_LABELS[job.status]}</Badge>
        <Text size="sm">{describeProgress(job)}</Text>
      </Group>
      <Progress value={job.progress * 100} animated={isRunning} aria-label="Progress of the update" />
      {isRunning && (
        <Group justify="flex-end">
          <Button size="xs" variant="light" color="red" onClick={() => cancel.mutate(jobId)} loading={cancel.isPending} disabled={job.cancelRequestedAt !== null}>
            {job.cancelRequestedAt ? 'Stopping after the current batch…' : 'Stop the update'}
          </Button>
        </Group>
      )}
      {cancel.error && (
        <Alert color="red" variant="light">
          {describeError(cancel.error)}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {job.resync.note}
      </Text>
      {items.items.length > 0 && (
        <Stack gap={4}>
          <Text fw={600} size="sm">
            Failed{job.failed > FAILED_ROWS_SHOWN ? ` (the first ${FAILED_ROWS_SHOWN} of ${job.failed.toLocaleString('en')})` : ''}
          </Text>
          <Table striped withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contact</Table.Th>
                <Table.Th>CRM</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.items.map((item) => (
                <Table.Tr key={`${item.platform}:${item.externalId}`}>
                  <Table.Td>{item.name ?? item.email ?? item.externalId}</Table.Td>
                  <Table.Td>{PLATFORM_LABELS[item.platform]}</Table.Td>
                  <Table.Td>{item.error?.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
