import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import type { TAgentContact } from '@voiceagent/shared';
import { useState } from 'react';
import { describeError } from '../../../lib/error-messages';
import { useArchiveContacts, useArchiveJob } from '../api/archive-contacts';
import { useRemoveAgentContacts } from '../api/remove-agent-contacts';

type RemoveContactsDialogProps = {
  agentId: string;
  contacts: TAgentContact[];
  isOpen: boolean;
  onClose: () => void;
  onRemoved: () => void;
};

type Step = 'choose' | 'confirm-archive' | 'done';

const plural = (count: number, noun: string) => `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;

/**
 * Takes the chosen contacts off the agent's list and, when asked, archives them in their CRMs:
 * that second step changes the CRMs themselves, so it has a confirmation of its own.
 */
export function RemoveContactsDialog({ agentId, contacts, isOpen, onClose, onRemoved }: RemoveContactsDialogProps) {
  const [step, setStep] = useState<Step>('choose');
  const [isArchiving, setArchiving] = useState(false);
  const [archiveJobId, setArchiveJobId] = useState<string | null>(null);
  const remove = useRemoveAgentContacts(agentId);
  const archive = useArchiveContacts();
  const job = useArchiveJob(archiveJobId);
  const inCrm = contacts.flatMap((contact) => (contact.crmContactId ? [contact.crmContactId] : []));
  const isBusy = remove.isPending || archive.isPending;

  const close = () => {
    if (isBusy) return;
    setStep('choose');
    setArchiving(false);
    setArchiveJobId(null);
    remove.reset();
    archive.reset();
    onClose();
  };

  const run = async () => {
    try {
      await remove.mutateAsync(contacts.map((contact) => contact.id));
      onRemoved();
      if (isArchiving && inCrm.length > 0) setArchiveJobId((await archive.mutateAsync(inCrm)).job.id);
      setStep('done');
    } catch {
      // Shown from remove.error / archive.error.
    }
  };

  const error = remove.error ?? archive.error;
  return (
    <Modal opened={isOpen} onClose={close} title={step === 'done' ? 'Removed from this agent' : `Remove ${plural(contacts.length, 'contact')} from this agent?`} centered>
      <Stack gap="md">
        {step === 'choose' && (
          <>
            <Text>The agent will no longer call them. They stay in VoiceAgent CRM and in your CRMs.</Text>
            <Checkbox
              label="Also archive them in the CRM"
              description={`${plural(inCrm.length, 'contact')} will be archived (HubSpot) or moved to the recycle bin (Zoho, Salesforce).`}
              checked={isArchiving}
              disabled={inCrm.length === 0}
              onChange={(event) => setArchiving(event.currentTarget.checked)}
            />
          </>
        )}
        {step === 'confirm-archive' && (
          <Alert color="red" variant="light" title={`Archive ${plural(inCrm.length, 'contact')} in the CRM?`}>
            This changes the records in your CRMs, not only here. Everyone using those CRMs will no longer see them.
          </Alert>
        )}
        {step === 'done' && (
          <Stack gap="xs">
            <Text>{remove.data ? `${plural(remove.data.removed, 'contact')} removed. The agent now calls ${plural(remove.data.contactCount, 'contact')}.` : ''}</Text>
            {archiveJobId && job.isPending && <Loader size="sm" />}
            {job.data && (
              <Text size="sm">
                {job.data.job.finishedAt
                  ? `Archived in the CRM: ${job.data.job.succeeded.toLocaleString('en')}${job.data.job.failed > 0 ? `, failed: ${job.data.job.failed.toLocaleString('en')}` : ''}.`
                  : `Archiving in the CRM… ${Math.round(job.data.job.progress * 100)}%`}
              </Text>
            )}
            {job.data?.items.items.map((item) => (
              <Text key={`${item.platform}:${item.externalId}`} size="sm" c="red">
                {item.name ?? item.email ?? item.externalId}: {item.error?.message}
              </Text>
            ))}
          </Stack>
        )}
        {error && (
          <Alert color="red" variant="light" role="alert">
            {describeError(error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          {step === 'done' ? (
            <Button onClick={close}>Close</Button>
          ) : (
            <>
              <Button variant="default" onClick={close} disabled={isBusy}>
                Cancel
              </Button>
              {step === 'choose' && isArchiving ? (
                <Button color="red" onClick={() => setStep('confirm-archive')}>
                  Continue
                </Button>
              ) : (
                <Button color="red" onClick={() => void run()} loading={isBusy}>
                  {step === 'confirm-archive' ? 'Remove and archive in the CRM' : 'Remove from agent'}
                </Button>
              )}
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
