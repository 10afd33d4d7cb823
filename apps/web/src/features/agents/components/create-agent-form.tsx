import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { TCreateAgentResponse } from '@voiceagent/shared';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { useCreateAgent } from '../api/create-agent';
import { EMPTY_SELECTION, findSelectionProblem, toSelectionRequest, type ContactSelection } from '../contact-selection';
import { AGENT_DETAIL_FIELDS, toAgentDetailErrors, validateAgentDetails, type AgentDetailErrors, type AgentDetailField, type AgentDetails } from '../agent-details';
import { AgentDetailsFields } from './agent-details-fields';
import { CRMContactSelector } from './crm-contact-selector';

type CreateAgentFormProps = { onCreated: (created: TCreateAgentResponse) => void };

/** The CreateAgent page's form: the agent's details, then the contacts it calls. */
export function CreateAgentForm({ onCreated }: CreateAgentFormProps) {
  const createAgent = useCreateAgent();
  const [fields, setFields] = useState<AgentDetails>({ name: '', voice: null, greeting: '', instructions: '' });
  const [selection, setSelection] = useState<ContactSelection>(EMPTY_SELECTION);
  const [errors, setErrors] = useState<AgentDetailErrors>({});
  const inputs = useRef<Partial<Record<AgentDetailField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const contactsHeading = useRef<HTMLHeadingElement>(null);
  const failureAlert = useRef<HTMLDivElement>(null);

  const setField = <F extends AgentDetailField>(field: F, value: AgentDetails[F]) => {
    const next = { ...fields, [field]: value };
    setFields(next);
    // Errors shown follow each change; new ones wait for the next submit.
    if (errors[field]) setErrors((current) => ({ ...current, [field]: validateAgentDetails(next)[field] }));
  };

  const focusFirstError = (found: AgentDetailErrors) => {
    const field = AGENT_DETAIL_FIELDS.find((name) => found[name]);
    if (field) inputs.current[field]?.focus();
    else if (found.contacts) contactsHeading.current?.focus();
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateAgentDetails(fields);
    const problem = findSelectionProblem(selection);
    if (problem) found.contacts = problem;
    setErrors(found);
    const contacts = toSelectionRequest(selection);
    if (Object.keys(found).length > 0 || !contacts || !fields.voice) {
      focusFirstError(found);
      return;
    }
    createAgent.mutate(
      { name: fields.name, voice: fields.voice, greeting: fields.greeting, instructions: fields.instructions, contacts },
      {
        onSuccess: onCreated,
        onError: (error) => {
          const fromServer = toAgentDetailErrors(error);
          setErrors(fromServer);
          if (Object.keys(fromServer).length > 0) focusFirstError(fromServer);
          else requestAnimationFrame(() => failureAlert.current?.focus());
        },
      },
    );
  };

  const inputRef = (field: AgentDetailField) => (element: HTMLInputElement | HTMLTextAreaElement | null) => {
    inputs.current[field] = element;
  };
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Create agent">
      <Stack gap="lg">
        {createAgent.error && (
          <Alert ref={failureAlert} tabIndex={-1} color="red" variant="light" title="The agent was not created" role="alert">
            {createAgent.error.message}
          </Alert>
        )}
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="agent-details-heading">
          <Stack gap="md" maw={720}>
            <Title order={2} size="h3" id="agent-details-heading">
              Details
            </Title>
            <AgentDetailsFields details={fields} errors={errors} onChange={setField} inputRef={inputRef} />
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="agent-contacts-heading">
          <Stack gap="md">
            <div>
              <Title order={2} size="h3" id="agent-contacts-heading" ref={contactsHeading} tabIndex={-1} style={{ outline: 'none' }}>
                Contacts
              </Title>
              <Text size="sm" c="gray.7">
                Contact source: CRM contacts. The agent calls the selected contacts as they are now; later changes in your CRMs do not
                reach it. Contacts without a valid phone number cannot be selected.
              </Text>
            </div>
            {errors.contacts && (
              <Alert color="red" variant="light" role="alert" title="Check the contacts">
                {errors.contacts}
              </Alert>
            )}
            <CRMContactSelector
              selection={selection}
              onChange={(next) => {
                setSelection(next);
                if (errors.contacts) setErrors((current) => ({ ...current, contacts: undefined }));
              }}
            />
          </Stack>
        </Paper>
        <Group gap="sm">
          <Button type="submit" loading={createAgent.isPending}>
            Create agent
          </Button>
          <Button component={Link} to={paths.app.agents.getHref()} variant="default">
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
