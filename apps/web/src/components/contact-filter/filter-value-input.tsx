import { Group, MultiSelect, NumberInput, Select, TagsInput, Text, TextInput } from '@mantine/core';
import type { TFilterField, TFilterOperator, TFilterValueKind } from '@voiceagent/shared';
import { valueShape, type DraftValue } from '../../lib/contact-filter/filter-operators';

type FilterValueInputProps = {
  field: TFilterField;
  operator: TFilterOperator;
  value: DraftValue;
  onChange: (value: DraftValue) => void;
  /** Names the inputs for screen readers: "Value of condition 2". */
  label: string;
  disabled?: boolean;
};

/** The input an operator's value needs: nothing, a day count, two bounds, a list, or one value of the field's kind. */
export function FilterValueInput({ field, operator, value, onChange, label, disabled }: FilterValueInputProps) {
  switch (valueShape(operator)) {
    case 'none':
      return null;
    case 'days':
      return (
        <NumberInput
          aria-label={`${label}: days`}
          value={typeof value === 'number' ? value : ''}
          onChange={(next) => onChange(typeof next === 'number' ? next : undefined)}
          min={1}
          max={36_500}
          allowDecimal={false}
          allowNegative={false}
          rightSection={<Text size="sm">days</Text>}
          rightSectionWidth={48}
          disabled={disabled}
          w={130}
        />
      );
    case 'pair': {
      const [from, to] = Array.isArray(value) ? value : [undefined, undefined];
      return (
        <Group gap={6} wrap="nowrap">
          <ScalarInput field={field} value={from} onChange={(next) => onChange([next, to])} label={`${label}: from`} disabled={disabled} />
          <Text size="sm">and</Text>
          <ScalarInput field={field} value={to} onChange={(next) => onChange([from, next])} label={`${label}: to`} disabled={disabled} />
        </Group>
      );
    }
    case 'list':
      return <ListInput field={field} value={Array.isArray(value) ? value : []} onChange={onChange} label={label} disabled={disabled} />;
    case 'scalar':
      return <ScalarInput field={field} value={value} onChange={onChange} label={label} disabled={disabled} />;
  }
}

type ListInputProps = { field: TFilterField; value: unknown[]; onChange: (value: unknown[]) => void; label: string; disabled?: boolean };

function ListInput({ field, value, onChange, label, disabled }: ListInputProps) {
  if (field.values) {
    return (
      <MultiSelect
        aria-label={label}
        placeholder={value.length === 0 ? 'Choose values' : undefined}
        data={field.values}
        value={value.map(String)}
        onChange={onChange}
        searchable
        disabled={disabled}
        miw={200}
        style={{ flex: '1 1 200px' }}
      />
    );
  }
  const isNumber = field.kind === 'number';
  return (
    <TagsInput
      aria-label={label}
      placeholder={value.length === 0 ? 'Type a value, then Enter' : undefined}
      value={value.map(String)}
      // Numbers travel as numbers; what is not one stays as typed, and the check says so.
      onChange={(items) => onChange(isNumber ? items.map((item) => (item.trim() !== '' && Number.isFinite(Number(item)) ? Number(item) : item)) : items)}
      disabled={disabled}
      miw={200}
      style={{ flex: '1 1 200px' }}
    />
  );
}

type ScalarInputProps = { field: TFilterField; value: unknown; onChange: (value: DraftValue) => void; label: string; disabled?: boolean };

function ScalarInput({ field, value, onChange, label, disabled }: ScalarInputProps) {
  if (field.kind === 'boolean') {
    return (
      <Select
        aria-label={label}
        data={[
          { value: 'true', label: 'yes' },
          { value: 'false', label: 'no' },
        ]}
        value={typeof value === 'boolean' ? String(value) : null}
        onChange={(next) => onChange(next === null ? undefined : next === 'true')}
        allowDeselect={false}
        disabled={disabled}
        w={100}
      />
    );
  }
  if (field.values) {
    return (
      <Select
        aria-label={label}
        placeholder="Choose a value"
        data={field.values}
        value={typeof value === 'string' && value !== '' ? value : null}
        onChange={(next) => onChange(next ?? '')}
        searchable
        disabled={disabled}
        w={200}
      />
    );
  }
  if (field.kind === 'number') {
    return (
      <NumberInput
        aria-label={label}
        value={typeof value === 'number' ? value : ''}
        onChange={(next) => onChange(typeof next === 'number' ? next : undefined)}
        disabled={disabled}
        w={140}
      />
    );
  }
  if (field.kind === 'date' || field.kind === 'datetime') return <TimeInput kind={field.kind} value={value} onChange={onChange} label={label} disabled={disabled} />;
  return (
    <TextInput
      aria-label={label}
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => onChange(event.currentTarget.value)}
      maxLength={1000}
      disabled={disabled}
      miw={160}
      style={{ flex: '1 1 160px' }}
    />
  );
}

type TimeInputProps = { kind: Extract<TFilterValueKind, 'date' | 'datetime'>; value: unknown; onChange: (value: DraftValue) => void; label: string; disabled?: boolean };

/** The browser's own date and date-time pickers; an instant is sent in UTC, read from the person's local time. */
function TimeInput({ kind, value, onChange, label, disabled }: TimeInputProps) {
  const text = typeof value === 'string' ? (kind === 'datetime' ? toLocalInput(value) : value) : '';
  return (
    <TextInput
      type={kind === 'date' ? 'date' : 'datetime-local'}
      aria-label={label}
      value={text}
      onChange={(event) => {
        const next = event.currentTarget.value;
        onChange(kind === 'datetime' ? fromLocalInput(next) : next);
      }}
      disabled={disabled}
      w={kind === 'date' ? 160 : 220}
    />
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a datetime-local input shows it: the person's local time, to the minute. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** What a datetime-local input gives (local time, no zone) as the instant it means. */
export function fromLocalInput(local: string): string {
  if (local === '') return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}
