import { Accordion, Button, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { CAMPAIGN_NAME_MAX } from '@voiceagent/shared';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { FormDialog } from '../../../components/form-dialog';
import { paths } from '../../../config/paths';
import { useCreateCampaign } from '../api/create-campaign';
import { describeError } from '../../../lib/error-messages';
import { toFormValues, validateCallingRules, type CallingRulesErrors, type CallingRulesFormValues } from '../calling-rules-form';
import { formatDays } from './calling-rules-summary';
import { CallingRulesFields } from './calling-rules-fields';

type Props = { agentId: string; agentName: string };

/** "Start a campaign": names it, creates it over the agent's contacts, and opens its page. */
export function StartCampaignButton({ agentId, agentName }: Props) {
  const [isOpen, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [rules, setRules] = useState(toFormValues);
  const [rulesErrors, setRulesErrors] = useState<CallingRulesErrors>({});
  const [openSection, setOpenSection] = useState<string | null>(null);
  const create = useCreateCampaign();
  const navigate = useNavigate();

  const openDialog = () => {
    setName(`${agentName} — ${new Date().toLocaleDateString('en', { month: 'long', day: 'numeric' })}`.slice(0, CAMPAIGN_NAME_MAX));
    setError(null);
    setRules(toFormValues());
    setRulesErrors({});
    setOpenSection(null);
    create.reset();
    open();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError('Enter a name');
    const checked = validateCallingRules(rules);
    setRulesErrors(checked.errors ?? {});
    // A wrong rule is shown where it is: its section opens.
    if (!checked.rules) return setOpenSection('rules');
    create.mutate(
      { agentId, name: trimmed, ...checked.rules },
      { onSuccess: (created) => void navigate(paths.app.campaign.getHref(created.campaign.id), { state: { created: created.contacts } }) },
    );
  };

  return (
    <>
      <Button onClick={openDialog}>Start a campaign</Button>
      <FormDialog
        title="Start a campaign"
        isOpen={isOpen}
        onClose={close}
        onSubmit={submit}
        submitLabel="Create campaign"
        isSubmitting={create.isPending}
        size="lg"
        failure={create.isError && !isNameError(create.error) ? { title: 'The campaign was not created', error: create.error } : null}
      >
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
              error={error ?? (create.isError && isNameError(create.error) ? describeError(create.error) : undefined)}
              data-autofocus
            />
            <Accordion variant="contained" value={openSection} onChange={setOpenSection}>
              <Accordion.Item value="rules">
                <Accordion.Control>Calling rules: {describeRulesShort(rules)}</Accordion.Control>
                <Accordion.Panel>
                  <CallingRulesFields values={rules} errors={rulesErrors} onChange={setRules} />
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
      </FormDialog>
    </>
  );
}

/** The server's refusal of the name itself; anything else is shown above the form. */
function isNameError(error: unknown): boolean {
  const issues = (error as { details?: { issues?: Array<{ field?: string }> } } | null)?.details?.issues;
  return Array.isArray(issues) && issues.some((issue) => issue.field === 'name');
}

function describeRulesShort(rules: CallingRulesFormValues): string {
  return `${formatDays(rules.days)} ${rules.start}–${rules.end}, ${rules.maxAttempts} attempts`;
}
