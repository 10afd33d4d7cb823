import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import {
  AGENT_GREETING_MAX,
  AGENT_INSTRUCTIONS_MAX,
  AGENT_NAME_MAX,
  AGENT_VOICES,
  ZCreateAgentBody,
  type TAgentVoice,
  type TCreateAgentResponse,
} from '@voiceagent/shared';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-client';
import { useCreateAgent } from '../api/create-agent';
import { EMPTY_SELECTION, findSelectionProblem, toSelectionRequest, type ContactSelection } from '../contact-selection';
import { VOICE_LABELS } from '../labels';
import { CRMContactSelector } from './crm-contact-selector';

type Fields = { name: string; voice: TAgentVoice | null; greeting: string; instructions: string };
type FieldName = keyof Fields;
type FieldErrors = Partial<Record<FieldName | 'contacts', string>>;

const FIELD_ORDER: FieldName[] = ['name', 'voice', 'greeting', 'instructions'];
const ZFields = ZCreateAgentBody.pick({ name: true, voice: true, greeting: true, instructions: true });

function validateFields(fields: Fields): FieldErrors {
  const result = ZFields.safeParse(fields);
  const errors: FieldErrors = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const field = issue.path[0] as FieldName;
    errors[field] ??= field === 'voice' ? 'Choose a voice' : issue.message;
  }
  return errors;
}

/** The server's 400 names fields as `name` or `contacts.filter.q`: put each message where it belongs. */
function toFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const issues = (error.details as { issues?: Array<{ field: string; message: string }> } | undefined)?.issues ?? [];
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.field.split('.')[0] as FieldName | 'contacts';
    if (field === 'contacts' || FIELD_ORDER.includes(field)) errors[field] ??= issue.message;
  }
  return errors;
}

type CreateAgentFormProps = { onCreated: (created: TCreateAgentResponse) => void };

/** The CreateAgent page's form: the agent's details, then the contacts it calls. */
export function CreateAgentForm({ onCreated }: CreateAgentFormProps) {
  const createAgent = useCreateAgent();
  const [fields, setFields] = useState<Fields>({ name: '', voice: null, greeting: '', instructions: '' });
  const [selection, setSelection] = useState<ContactSelection>(EMPTY_SELECTION);
  const [errors, setErrors] = useState<FieldErrors>({});
  const inputs = useRef<Partial<Record<FieldName, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const contactsHeading = useRef<HTMLHeadingElement>(null);
  const failureAlert = useRef<HTMLDivElement>(null);

  const setField = <F extends FieldName>(field: F, value: Fields[F]) => {
    const next = { ...fields, [field]: value };
    setFields(next);
    // Errors shown follow each change; new ones wait for the next submit.
    if (errors[field]) setErrors((current) => ({ ...current, [field]: validateFields(next)[field] }));
  };

  const focusFirstError = (found: FieldErrors) => {
    const field = FIELD_ORDER.find((name) => found[name]);
    if (field) inputs.current[field]?.focus();
    else if (found.contacts) contactsHeading.current?.focus();
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateFields(fields);
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
          const fromServer = toFieldErrors(error);
          setErrors(fromServer);
          if (Object.keys(fromServer).length > 0) focusFirstError(fromServer);
          else requestAnimationFrame(() => failureAlert.current?.focus());
        },
      },
    );
  };

  const inputRef = (field: FieldName) => (element: HTMLInputElement | HTMLTextAreaElement | null) => {
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
            <TextInput
              label="Name"
              withAsterisk
              maxLength={AGENT_NAME_MAX}
              value={fields.name}
              onChange={(event) => setField('name', event.currentTarget.value)}
              error={errors.name}
              ref={inputRef('name')}
            />
            <Select
              label="Voice"
              withAsterisk
              placeholder="Choose a voice"
              data={AGENT_VOICES.map((voice) => ({ value: voice, label: VOICE_LABELS[voice] }))}
              value={fields.voice}
              onChange={(value) => setField('voice', value as TAgentVoice | null)}
              error={errors.voice}
              ref={inputRef('voice')}
            />
            <Textarea
              label="Greeting"
              description={`What the agent says first. ${fields.greeting.length} of ${AGENT_GREETING_MAX} characters.`}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              autosize
              minRows={2}
              maxLength={AGENT_GREETING_MAX}
              value={fields.greeting}
              onChange={(event) => setField('greeting', event.currentTarget.value)}
              error={errors.greeting}
              ref={inputRef('greeting')}
            />
            <Textarea
              label="Instructions"
              description={`How the agent should run the call. ${fields.instructions.length} of ${AGENT_INSTRUCTIONS_MAX} characters.`}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              autosize
              minRows={4}
              maxRows={12}
              maxLength={AGENT_INSTRUCTIONS_MAX}
              value={fields.instructions}
              onChange={(event) => setField('instructions', event.currentTarget.value)}
              error={errors.instructions}
              ref={inputRef('instructions')}
            />
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
