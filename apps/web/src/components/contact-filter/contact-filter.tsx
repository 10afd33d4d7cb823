import { Alert, Badge, Button, CloseButton, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import type { TFilterNode } from '@voiceagent/shared';
import { useMemo, useState, type ReactNode } from 'react';
import { LoadError } from '../load-error';
import { buildFilterChips, toFieldLookup } from '../../lib/contact-filter/filter-chips';
import { BLANK_CONDITION, addCondition, checkDraft, countConditions, fromDraft, removeNode, toDraft, type DraftGroup } from '../../lib/contact-filter/filter-draft';
import { useFilterFields } from '../../lib/contact-filter/get-filter-fields';
import { FilterBuilder } from './filter-builder';

type ContactFilterProps = {
  /** The filter the list uses now; null: none. */
  value: TFilterNode | null;
  onChange: (tree: TFilterNode | null) => void;
  /** Why the filter cannot change now (the agent's "all matching" holds it), or null. */
  lockedReason?: string | null;
  /** Something to say about the filter above the chips: a filter left out of a link. */
  notice?: ReactNode;
};

/**
 * The filter builder behind "Add filter", and the chips that summarise the filter applied: one
 * per condition or group at its top, each removable, and "Clear all". Clicking a chip opens the
 * builder on the applied filter; Apply stays off while the shared checks find something wrong.
 */
export function ContactFilter({ value, onChange, lockedReason = null, notice }: ContactFilterProps) {
  const fields = useFilterFields();
  // The draft belongs to the filter it was opened on: when that changes underneath (back,
  // forward, a chip removed elsewhere) the builder closes rather than apply a stale edit.
  const [editing, setEditing] = useState<{ draft: DraftGroup; base: string } | null>(null);
  const draft = editing && editing.base === JSON.stringify(value) ? editing.draft : null;
  const setDraft = (next: DraftGroup | null) => setEditing(next ? { draft: next, base: JSON.stringify(value) } : null);
  const lookup = useMemo(() => toFieldLookup(fields.data ?? []), [fields.data]);
  const applied = useMemo(() => toDraft(value), [value]);
  const chips = buildFilterChips(applied, lookup);
  const isLocked = lockedReason !== null;

  const open = (withNewRow: boolean) => setDraft(withNewRow ? addCondition(applied, [], BLANK_CONDITION) : applied);
  const check = draft && fields.data ? checkDraft(draft, fields.data) : null;
  const apply = () => {
    if (!check?.isValid) return;
    onChange(check.tree);
    setDraft(null);
  };
  const removeChip = (index: number) => onChange(fromDraft(removeNode(applied, [index])));

  return (
    <Stack gap="xs" component="section" aria-label="Filter">
      {notice}
      <Group gap="xs" wrap="wrap">
        <Button size="xs" variant="light" onClick={() => open(true)} disabled={isLocked || draft !== null} title={lockedReason ?? undefined}>
          Add filter
        </Button>
        {chips.length > 0 && applied.mode === 'or' && (
          <Text size="sm" fw={500}>
            Any of:
          </Text>
        )}
        {chips.length > 0 && (
          <Group gap={6} component="ul" aria-label="Active filters" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {chips.map((chip) => (
              <li key={chip.index}>
                <Badge
                  variant="light"
                  size="lg"
                  tt="none"
                  fw={500}
                  c="dark.7"
                  pr={isLocked ? undefined : 3}
                  title={chip.fullText}
                  rightSection={isLocked ? undefined : <CloseButton size="xs" aria-label={`Remove filter: ${chip.fullText}`} onClick={() => removeChip(chip.index)} />}
                >
                  <button
                    type="button"
                    onClick={() => open(false)}
                    disabled={isLocked}
                    aria-label={`Edit filter: ${chip.fullText}`}
                    style={{ all: 'unset', cursor: isLocked ? 'default' : 'pointer' }}
                  >
                    {chip.text}
                  </button>
                </Badge>
              </li>
            ))}
          </Group>
        )}
        {chips.length > 0 && !isLocked && (
          <Button size="compact-sm" variant="subtle" onClick={() => onChange(null)}>
            Clear all
          </Button>
        )}
      </Group>
      {draft && (
        <Paper withBorder radius="md" p="md" component="section" aria-label="Filter builder">
          {fields.isPending ? (
            <Group gap="xs" role="status">
              <Loader size="xs" aria-hidden />
              <Text size="sm">Loading the fields you can filter by…</Text>
            </Group>
          ) : fields.isError ? (
            <LoadError title="Could not load the fields to filter by" query={fields} />
          ) : fields.data.length === 0 ? (
            <Text size="sm" role="status">
              There are no fields to filter by yet.
            </Text>
          ) : (
            <FilterBuilder draft={draft} onChange={setDraft} fields={fields.data} issues={check?.issues ?? []} />
          )}
          <Group gap="xs" mt="md" justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setDraft(null)}>
              Cancel
            </Button>
            <Button size="xs" onClick={apply} disabled={!check?.isValid}>
              {countConditions(draft) === 0 && value ? 'Apply (no filter)' : 'Apply filter'}
            </Button>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}

/** The list's 400 for a filter it cannot use: the server's words, next to the filter, instead of an empty list. */
export function FilterRejectedAlert({ message }: { message: string }) {
  return (
    <Alert color="orange" variant="light" title="This filter cannot be used" role="alert">
      <Text size="sm">{message} Change or remove the filter above.</Text>
    </Alert>
  );
}
