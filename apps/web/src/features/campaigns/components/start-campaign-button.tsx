import { Button, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { CAMPAIGN_NAME_MAX } from '@voiceagent/shared';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { FormDialog } from '../../../components/form-dialog';
import { paths } from '../../../config/paths';
import { useCreateCampaign } from '../api/create-campaign';
import { describeError } from '../../../lib/error-messages';

type Props = { agentId: string; agentName: string };

/** "Start a campaign": names it, creates it over the agent's contacts, and opens its page. */
export function StartCampaignButton({ agentId, agentName }: Props) {
  const [isOpen, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useCreateCampaign();
  const navigate = useNavigate();

  const openDialog = () => {
    setName(`${agentName} — ${new Date().toLocaleDateString('en', { month: 'long', day: 'numeric' })}`.slice(0, CAMPAIGN_NAME_MAX));
    setError(null);
    create.reset();
    open();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError('Enter a name');
    create.mutate(
      { agentId, name: trimmed },
      { onSuccess: (created) => void navigate(paths.app.campaign.getHref(created.campaign.id), { state: { created: created.contacts } }) },
    );
  };

  return (
    <>
      <Button onClick={openDialog}>Start a campaign</Button>
      <FormDialog title="Start a campaign" isOpen={isOpen} onClose={close} onSubmit={submit} submitLabel="Create campaign" isSubmitting={create.isPending}>
            <Text size="sm">The campaign calls this agent’s contacts, each phone number once, and writes every call back to the contact’s CRM.</Text>
            <TextInput
              label="Campaign name"
              required
              maxLength={CAMPAIGN_NAME_MAX}
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value);
                setError(null);
              }}
              error={error ?? (create.isError ? describeError(create.error) : undefined)}
              data-autofocus
            />
      </FormDialog>
    </>
  );
}
