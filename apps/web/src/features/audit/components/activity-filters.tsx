import { Group, Select, TextInput } from '@mantine/core';
import { AUDIT_EVENT_KINDS, type TAuditEventKind } from '@voiceagent/shared';
import { AUDIT_KIND_LABELS } from '../labels';

/** The filter as the person sets it: a kind and a range of calendar days (yyyy-mm-dd, their own time zone). */
export type ActivityFilterInput = { kind: TAuditEventKind | null; fromDay: string; toDay: string };

const KIND_OPTIONS = AUDIT_EVENT_KINDS.map((kind) => ({ value: kind, label: AUDIT_KIND_LABELS[kind] }));

type ActivityFiltersProps = { value: ActivityFilterInput; onChange: (value: ActivityFilterInput) => void };

export function ActivityFilters({ value, onChange }: ActivityFiltersProps) {
  const isRangeBackwards = value.fromDay !== '' && value.toDay !== '' && value.toDay < value.fromDay;
  return (
    <Group align="flex-end" gap="md" wrap="wrap">
      <Select
        label="What happened"
        placeholder="All activity"
        data={KIND_OPTIONS}
        value={value.kind}
        onChange={(kind) => onChange({ ...value, kind: (kind as TAuditEventKind | null) ?? null })}
        clearable
        w={260}
      />
      <TextInput label="From" type="date" value={value.fromDay} max={value.toDay || undefined} onChange={(event) => onChange({ ...value, fromDay: event.currentTarget.value })} />
      <TextInput
        label="To"
        type="date"
        value={value.toDay}
        min={value.fromDay || undefined}
        error={isRangeBackwards ? 'The end is before the start' : undefined}
        onChange={(event) => onChange({ ...value, toDay: event.currentTarget.value })}
      />
    </Group>
  );
}
