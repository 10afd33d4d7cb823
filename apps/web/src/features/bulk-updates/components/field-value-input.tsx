import { MultiSelect, NumberInput, Select, Switch, TextInput } from '@mantine/core';
import type { TBulkFieldValue, TCrmField } from '@voiceagent/shared';

type FieldValueInputProps = {
  field: TCrmField;
  value: TBulkFieldValue;
  onChange: (value: TBulkFieldValue) => void;
  label: string;
};

const CLEARS = 'Leave empty to clear the field';

/** A value input of the field's type: options as a select, numbers as a number, dates as dates. Empty clears the field. */
export function FieldValueInput({ field, value, onChange, label }: FieldValueInputProps) {
  const text = typeof value === 'string' ? value : '';
  const options = field.options.map((option) => ({ value: option.value, label: option.label || option.value }));
  switch (field.type) {
    case 'boolean':
      return <Switch label={label} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} />;
    case 'number':
      return (
        <NumberInput
          label={label}
          description={CLEARS}
          value={typeof value === 'number' ? value : ''}
          onChange={(next) => onChange(typeof next === 'number' ? next : null)}
        />
      );
    case 'enumeration':
      return <Select label={label} data={options} value={text || null} onChange={(next) => onChange(next)} clearable searchable description={CLEARS} />;
    case 'multi_select':
      return <MultiSelect label={label} data={options} value={Array.isArray(value) ? value : []} onChange={onChange} clearable searchable description={CLEARS} />;
    case 'date':
      return <TextInput type="date" label={label} value={text} onChange={(event) => onChange(event.currentTarget.value || null)} description={CLEARS} />;
    case 'datetime':
      return (
        <TextInput
          type="datetime-local"
          label={label}
          value={text ? toLocalInput(text) : ''}
          onChange={(event) => onChange(event.currentTarget.value ? new Date(event.currentTarget.value).toISOString() : null)}
          description={CLEARS}
        />
      );
    default:
      return (
        <TextInput
          type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text'}
          label={label}
          value={text}
          onChange={(event) => onChange(event.currentTarget.value === '' ? null : event.currentTarget.value)}
          description={CLEARS}
        />
      );
  }
}

/** An ISO instant as the browser's datetime-local input shows it, in the person's own zone. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
