import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { AGENT_VOICES, type TAgentDetail, type TAgentVoice } from '@voiceagent/shared';
import type { FormEvent } from 'react';
import { useUpdateAgent } from '../api/update-agent';
import { toAgentDetailErrors, type AgentDetails } from '../agent-details';
import { useAgentDetailsForm } from '../hooks/use-agent-details-form';
import { useAgentContacts } from '../api/get-agent-contacts';
import { AgentDetailsFields } from './agent-details-fields';
import { PromptPreview, type PreviewContact } from './prompt-preview';
import { FormDialog } from '../../../components/form-dialog';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

const detailsOf = (agent: TAgentDetail): AgentDetails => ({
  name: agent.name,
  // A voice this app no longer offers must be chosen again.
  voice: (AGENT_VOICES as readonly string[]).includes(agent.voice ?? '') ? (agent.voice as TAgentVoice) : null,
  greeting: agent.greeting,
  instructions: agent.instructions,
});

/** "Edit": the agent's name, voice, greeting and instructions in a dialog; its contacts stay as selected. */
export function EditAgentButton({ agent }: { agent: TAgentDetail }) {
  const [isOpen, { open, close }] = useDisclosure(false);
  const form = useAgentDetailsForm(detailsOf(agent));
  const update = useUpdateAgent(agent.id);

  const openDialog = () => {
    form.reset(detailsOf(agent));
    update.reset();
    open();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { details } = form;
    const found = form.validate();
    if (Object.keys(found).length > 0 || !details.voice) return void form.showErrors(found);
    update.mutate(
      { name: details.name, voice: details.voice, greeting: details.greeting, instructions: details.instructions },
      {
        onSuccess: (saved) => {
          close();
          notifications.show({ color: 'green', title: 'Agent saved', message: `${saved.name} now speaks as written.` });
        },
        onError: (error) => void form.showErrors(toAgentDetailErrors(error)),
      },
    );
  };

  return (
    <>
      <Button variant="default" onClick={openDialog}>
        Edit
      </Button>
      <FormDialog
        title="Edit agent"
        isOpen={isOpen}
        onClose={close}
        onSubmit={submit}
        submitLabel="Save"
        isSubmitting={update.isPending}
        failure={update.isError && Object.keys(form.errors).length === 0 ? { title: 'The agent was not saved', error: update.error } : null}
        size="lg"
      >
            <AgentDetailsFields {...form.fieldsProps} />
            <AgentPromptPreview agentId={agent.id} greeting={form.details.greeting} instructions={form.details.instructions} />
      </FormDialog>
    </>
  );
}

/** The preview, offering the agent's own contacts (those still synced) first. */
function AgentPromptPreview({ agentId, greeting, instructions }: { agentId: string; greeting: string; instructions: string }) {
  const contacts = useAgentContacts(agentId);
  const suggested: PreviewContact[] = (contacts.data?.pages[0]?.items ?? []).flatMap((c) =>
    c.crmContactId ? [{ id: c.crmContactId, label: `${c.fullName ?? c.email ?? c.phoneE164} (${PLATFORM_LABELS[c.platform]})` }] : [],
  );
  return <PromptPreview greeting={greeting} instructions={instructions} suggested={suggested} suggestedTitle="This agent's contacts" />;
}
