import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { TCreateAgentResponse } from '@voiceagent/shared';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { useCreateAgent } from '../api/create-agent';
import { EMPTY_SELECTION, findSelectionProblem, toSelectionRequest, type ContactSelection } from '../contact-selection';
import { toAgentDetailErrors, type AgentDetailErrors } from '../agent-details';
import { useAgentDetailsForm } from '../hooks/use-agent-details-form';
import { AgentDetailsFields } from './agent-details-fields';
import { CRMContactSelector } from './crm-contact-selector';
import { PromptPreview, toPreviewContact } from './prompt-preview';
import { SegmentSource } from './segment-source';
import { describeError } from '../../../lib/error-messages';

/** Picked contacts offered first in the preview; the search finds any other. */
const PREVIEW_SUGGESTIONS = 20;

type CreateAgentProps = { onCreated: (created: TCreateAgentResponse) => void };

/** The CreateAgent screen: the agent's details, then the contacts it calls, in one form. */
export function CreateAgent({ onCreated }: CreateAgentProps) {
  const createAgent = useCreateAgent();
  const form = useAgentDetailsForm({ name: '', voice: null, greeting: '', instructions: '' });
  const fields = form.details;
  const errors = form.errors;
  const [selection, setSelection] = useState<ContactSelection>(EMPTY_SELECTION);
  // "From a segment" replaces the selector's choice: the segment is the whole selection.
  const [source, setSource] = useState<'contacts' | 'segment'>('contacts');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const contactsHeading = useRef<HTMLHeadingElement>(null);
  const failureAlert = useRef<HTMLDivElement>(null);

  /** The errors in place; focus on the first wrong detail, else on the contacts when they are wrong. */
  const showErrors = (found: AgentDetailErrors): boolean => {
    const isDetailWrong = form.showErrors(found);
    if (!isDetailWrong && found.contacts) contactsHeading.current?.focus();
    return isDetailWrong || found.contacts !== undefined;
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = form.validate();
    const problem = source === 'segment' ? (segmentId ? null : 'Choose a segment') : findSelectionProblem(selection);
    if (problem) found.contacts = problem;
    showErrors(found);
    const contacts = source === 'segment' ? (segmentId ? { segmentId } : null) : toSelectionRequest(selection);
    if (Object.keys(found).length > 0 || !contacts || !fields.voice) return;
    createAgent.mutate(
      { name: fields.name, voice: fields.voice, greeting: fields.greeting, instructions: fields.instructions, contacts },
      {
        onSuccess: onCreated,
        onError: (error) => {
          if (!showErrors(toAgentDetailErrors(error))) requestAnimationFrame(() => failureAlert.current?.focus());
        },
      },
    );
  };

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Create agent">
      <Stack gap="lg">
        {createAgent.error && (
          <Alert ref={failureAlert} tabIndex={-1} color="red" variant="light" title="The agent was not created" role="alert">
            {describeError(createAgent.error)}
          </Alert>
        )}
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="agent-details-heading">
          <Stack gap="md" maw={720}>
            <Title order={2} size="h3" id="agent-details-heading">
              Details
            </Title>
            <AgentDetailsFields {...form.fieldsProps} />
            <PromptPreview
              greeting={fields.greeting}
              instructions={fields.instructions}
              suggested={[...selection.picked.values()].slice(0, PREVIEW_SUGGESTIONS).map(toPreviewContact)}
              suggestedTitle="Selected contacts"
            />
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="agent-contacts-heading">
          <Stack gap="md">
            <div>
              <Title order={2} size="h3" id="agent-contacts-heading" ref={contactsHeading} tabIndex={-1} style={{ outline: 'none' }}>
                Contacts
              </Title>
              {source === 'contacts' && (
                <Text size="sm" c="gray.7">
                  Contact source: CRM contacts. The agent calls the selected contacts as they are now; later changes in your CRMs do not
                  reach it. Contacts without a valid phone number cannot be selected.
                </Text>
              )}
            </div>
            <SegmentedControl
              aria-label="Contact source"
              style={{ alignSelf: 'flex-start' }}
              value={source}
              onChange={(value) => {
                setSource(value as 'contacts' | 'segment');
                form.clearError('contacts');
              }}
              data={[
                { value: 'contacts', label: 'CRM contacts' },
                { value: 'segment', label: 'From a segment' },
              ]}
            />
            {errors.contacts && (
              <Alert color="red" variant="light" role="alert" title="Check the contacts">
                {errors.contacts}
              </Alert>
            )}
            {source === 'segment' ? (
              <SegmentSource
                segmentId={segmentId}
                onChange={(next) => {
                  setSegmentId(next);
                  form.clearError('contacts');
                }}
              />
            ) : (
              <CRMContactSelector
                selection={selection}
                onChange={(next) => {
                  setSelection(next);
                  form.clearError('contacts');
                }}
              />
            )}
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
