import { Badge, Button, CloseButton, Group, Stack, Text } from '@mantine/core';
import type { TContact } from '@voiceagent/shared';
import { countSelection, type ContactSelection } from '../contact-selection';
import { OBJECT_TYPE_LABELS } from '../../../config/object-types';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { formatContactName } from './selectable-contact-row';

// Thousands of chips would help nobody; the count says the rest.
const MAX_CHIPS = 12;

type SelectionSummaryProps = {
  selection: ContactSelection;
  onUnpick: (contact: TContact) => void;
  onRemoveMatching: () => void;
  onClear: () => void;
};

function describeFilter(selection: NonNullable<ContactSelection['matching']>): string {
  const { q, platform, objectType, where: tree } = selection.filter;
  const where = platform ? ` in ${PLATFORM_LABELS[platform]}` : '';
  const what = objectType ? OBJECT_TYPE_LABELS[objectType].many : 'contacts';
  if (tree) return q ? `All ${what} matching “${q}” and the filter${where}` : `All ${what} matching the filter${where}`;
  if (q) return objectType ? `All ${what} matching “${q}”${where}` : `All matching “${q}”${where}`;
  return `All ${what}${where}`;
}

/** The selected count, a chip per picked contact, and one for "all matching". */
export function SelectionSummary({ selection, onUnpick, onRemoveMatching, onClear }: SelectionSummaryProps) {
  const count = countSelection(selection);
  const picks = [...selection.picked.values()];
  const { matching } = selection;
  const amount = `${count.isExact ? '' : 'up to '}${count.total.toLocaleString('en')} ${count.total === 1 ? 'contact' : 'contacts'}`;
  return (
    <Stack gap={6} component="section" aria-label="Selected contacts">
      <Group justify="space-between" gap="xs">
        {/* Announced as the selection changes. */}
        <Text fw={600} role="status" aria-live="polite">
          {count.total === 0 && !matching ? 'No contacts selected' : `${amount} selected`}
        </Text>
        {(picks.length > 0 || matching) && (
          <Button variant="subtle" size="compact-sm" onClick={onClear}>
            Clear selection
          </Button>
        )}
      </Group>
      {count.picked > 0 && matching && (
        <Text size="sm" c="gray.7">
          {count.picked.toLocaleString('en')} picked plus {count.matching.toLocaleString('en')} from {describeFilter(matching).toLowerCase()}
          {matching.isEstimate ? ' (an estimate)' : ''}; anyone in both is called once.
        </Text>
      )}
      {(matching || picks.length > 0) && (
        <Group gap={6} component="ul" aria-label="Selection" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {matching && (
            <li>
              <Chip
                label={`${describeFilter(matching)} · ${count.matching.toLocaleString('en')}${matching.excluded.size > 0 ? ` (${matching.excluded.size.toLocaleString('en')} unticked)` : ''}`}
                removeLabel={`Remove ${describeFilter(matching).toLowerCase()}`}
                onRemove={onRemoveMatching}
                color="blue"
              />
            </li>
          )}
          {picks.slice(0, MAX_CHIPS).map((contact) => (
            <li key={contact.id}>
              <Chip label={formatContactName(contact)} removeLabel={`Remove ${formatContactName(contact)}`} onRemove={() => onUnpick(contact)} />
            </li>
          ))}
          {picks.length > MAX_CHIPS && (
            <li>
              <Text size="sm" c="gray.7">
                and {(picks.length - MAX_CHIPS).toLocaleString('en')} more
              </Text>
            </li>
          )}
        </Group>
      )}
    </Stack>
  );
}

function Chip({ label, removeLabel, onRemove, color = 'gray' }: { label: string; removeLabel: string; onRemove: () => void; color?: string }) {
  return (
    <Badge
      variant="light"
      color={color}
      size="lg"
      tt="none"
      fw={500}
      c="dark.7"
      pr={3}
      rightSection={<CloseButton size="xs" aria-label={removeLabel} onClick={onRemove} />}
    >
      {label}
    </Badge>
  );
}
