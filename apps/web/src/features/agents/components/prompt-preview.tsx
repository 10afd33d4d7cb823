import { Alert, Button, Collapse, Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import type { TContact } from '@voiceagent/shared';
import { useState } from 'react';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeError } from '../../../lib/error-messages';
import { usePromptPreview } from '../api/preview-agent-prompt';
import { usePreviewContacts } from '../api/search-preview-contacts';

/** A contact the preview can render for, with how the picker names it. */
export type PreviewContact = { id: string; label: string };

type PromptPreviewProps = {
  greeting: string;
  instructions: string;
  /** The agent's own (or the selected) contacts, offered first. */
  suggested: readonly PreviewContact[];
  /** How the suggested group is titled: "Selected contacts", "This agent's contacts". */
  suggestedTitle: string;
};

const TEXT_DEBOUNCE_MS = 500;
const SEARCH_DEBOUNCE_MS = 300;

export const toPreviewContact = (contact: Pick<TContact, 'id' | 'fullName' | 'email' | 'platform'>): PreviewContact => ({
  id: contact.id,
  label: `${contact.fullName ?? contact.email ?? 'Unnamed contact'} (${PLATFORM_LABELS[contact.platform]})`,
});

/** "Preview": the greeting and instructions as the agent would say them to one contact, and which variables that contact lacks. */
export function PromptPreview(props: PromptPreviewProps) {
  const [isOpen, { toggle }] = useDisclosure(false);
  return (
    <Stack gap="xs">
      <Button variant="default" onClick={toggle} aria-expanded={isOpen} style={{ alignSelf: 'flex-start' }}>
        {isOpen ? 'Hide preview' : 'Preview for a contact'}
      </Button>
      <Collapse in={isOpen}>{isOpen && <PreviewPanel {...props} />}</Collapse>
    </Stack>
  );
}

function PreviewPanel({ greeting, instructions, suggested, suggestedTitle }: PromptPreviewProps) {
  const [picked, setPicked] = useState<PreviewContact | null>(null);
  const [search, setSearch] = useState('');
  const [lastShown, setLastShown] = useState<PreviewContact | null>(null);
  // The picker writes the chosen contact's name into its search box: that is no search.
  const typed = search === lastShown?.label ? '' : search.trim();
  const [debouncedSearch] = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS);
  const found = usePreviewContacts(debouncedSearch);
  const [text] = useDebouncedValue({ greeting, instructions }, TEXT_DEBOUNCE_MS);

  const suggestedIds = new Set(suggested.map((c) => c.id));
  const others = (found.data ?? []).map(toPreviewContact).filter((c) => !suggestedIds.has(c.id));
  // Until one is picked, the first contact at hand: a preview shows without a click more.
  const chosen = picked ?? suggested[0] ?? others[0] ?? null;
  if (chosen?.id !== lastShown?.id) setLastShown(chosen);
  const preview = usePromptPreview(chosen ? { greeting: text.greeting, instructions: text.instructions, contactId: chosen.id } : null);
  const offered = [...suggested, ...others];
  const toItems = (contacts: readonly PreviewContact[]) => contacts.map((c) => ({ value: c.id, label: c.label }));
  const data = [
    // The chosen contact stays an option while a search shows others.
    ...(chosen && !offered.some((c) => c.id === chosen.id) ? [{ group: 'Chosen', items: toItems([chosen]) }] : []),
    ...(suggested.length > 0 ? [{ group: suggestedTitle, items: toItems(suggested) }] : []),
    ...(others.length > 0 ? [{ group: 'All contacts', items: toItems(others) }] : []),
  ];

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="prompt-preview-heading">
      <Stack gap="sm">
        <Title order={3} size="h5" id="prompt-preview-heading">
          Preview
        </Title>
        <Select
          label="Contact"
          placeholder={found.isPending ? 'Loading contacts…' : 'Search contacts by name, email or company'}
          searchable
          data={data}
          value={chosen?.id ?? null}
          onChange={(value) => setPicked(offered.find((c) => c.id === value) ?? (value === chosen?.id ? chosen : null))}
          allowDeselect={false}
          searchValue={search}
          onSearchChange={setSearch}
          // The server searches; the options are its answer, not filtered again here.
          filter={({ options }) => options}
          nothingFoundMessage={found.isFetching ? 'Searching…' : 'No contact matches'}
          rightSection={found.isFetching ? <Loader size="xs" aria-hidden /> : undefined}
          maw={460}
        />
        {found.isError && !found.data && <Text size="sm" c="red.8">Contacts could not be loaded. {describeError(found.error)}</Text>}
        {!chosen && !found.isPending && (
          <Text size="sm" c="dimmed">
            No synced contact to preview with yet. Connect a CRM and sync it first.
          </Text>
        )}
        {preview.isError && (
          <Alert color="red" variant="light" title="The preview could not be rendered" role="alert">
            {describeError(preview.error)}
          </Alert>
        )}
        {chosen && preview.isPending && !preview.data && (
          <Group gap={6} role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm">Rendering…</Text>
          </Group>
        )}
        {preview.data && !preview.isError && (
          <Stack gap="sm" aria-busy={preview.isFetching} style={{ opacity: preview.isPlaceholderData ? 0.6 : 1 }}>
            <RenderedText label="Greeting" text={preview.data.greeting} />
            <RenderedText label="Instructions" text={preview.data.instructions} />
            {preview.data.missing.length > 0 ? (
              <Alert color="orange" variant="light" title="No value for this contact">
                <Text size="sm">
                  {preview.data.missing.map((name) => `{{${name}}}`).join(', ')}: {preview.data.missing.length === 1 ? 'its' : 'their'} default, or nothing, is said instead.
                </Text>
              </Alert>
            ) : (
              <Text size="sm" c="dimmed">
                Every variable has a value for this contact.
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function RenderedText({ label, text }: { label: string; text: string }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text size="sm" c={text ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={`preview-${label.toLowerCase()}`}>
        {text || `No ${label.toLowerCase()}.`}
      </Text>
    </div>
  );
}
