import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { AGENT_VOICES, type TAgentDetail, type TAgentVoice } from '@voiceagent/shared';
import { useRef, useState, type FormEvent } from 'react';
import { useUpdateAgent } from '../api/update-agent';
import { AGENT_DETAIL_FIELDS, toAgentDetailErrors, validateAgentDetails, type AgentDetailErrors, type AgentDetailField, type AgentDetails } from '../agent-details';
import { AgentDetailsFields } from './agent-details-fields';

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
  const [details, setDetails] = useState<AgentDetails>(() => detailsOf(agent));
  const [errors, setErrors] = useState<AgentDetailErrors>({});
  const inputs = useRef<Partial<Record<AgentDetailField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const update = useUpdateAgent(agent.id);

  const openDialog = () => {
    setDetails(detailsOf(agent));
    setErrors({});
    update.reset();
    open();
  };

  const setField = <F extends AgentDetailField>(field: F, value: AgentDetails[F]) => {
    const next = { ...details, [field]: value };
    setDetails(next);
    if (errors[field]) setErrors((current) => ({ ...current, [field]: validateAgentDetails(next)[field] }));
  };

  const showErrors = (found: AgentDetailErrors) => {
    setErrors(found);
    const first = AGENT_DETAIL_FIELDS.find((field) => found[field]);
    if (first) inputs.current[first]?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateAgentDetails(details);
    if (Object.keys(found).length > 0 || !details.voice) return showErrors(found);
    update.mutate(
      { name: details.name, voice: details.voice, greeting: details.greeting, instructions: details.instructions },
      {
        onSuccess: (saved) => {
          close();
          notifications.show({ color: 'green', title: 'Agent saved', message: `${saved.name} now speaks as written.` });
        },
        onError: (error) => showErrors(toAgentDetailErrors(error)),
      },
    );
  };

  return (
    <>
      <Button variant="default" onClick={openDialog}>
        Edit
      </Button>
      <Modal opened={isOpen} onClose={close} title="Edit agent" centered size="lg">
        <form onSubmit={submit} noValidate aria-label="Edit agent">
          <Stack gap="md">
            {update.isError && Object.keys(errors).length === 0 && (
              <Alert color="red" variant="light" title="The agent was not saved" role="alert">
                {update.error.message}
              </Alert>
            )}
            <AgentDetailsFields
              details={details}
              errors={errors}
              onChange={setField}
              inputRef={(field) => (element) => {
                inputs.current[field] = element;
              }}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
