import { Alert, Group, Loader, Select, Stack, Text } from '@mantine/core';
import type { TBulkFieldValue, TContactObjectType, TCrmField, TPlatform } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeError } from '../../../lib/error-messages';
import { useCrmFields } from '../api/get-writable-fields';
import { initialValue, writableFields, type Draft } from '../bulk-update-form';
import { FieldValueInput } from './field-value-input';

type ObjectFieldPickerProps = {
  platform: TPlatform;
  objectTypes: readonly TContactObjectType[];
  drafts: Partial<Record<TContactObjectType, Draft>>;
  onChange: (objectType: TContactObjectType, draft: Draft) => void;
};

/** One connected CRM: per object, a writable field of its catalogue and a value input of that field's type. */
export function ObjectFieldPicker({ platform, objectTypes, drafts, onChange }: ObjectFieldPickerProps) {
  const fields = useCrmFields(platform);
  const name = PLATFORM_LABELS[platform];
  if (fields.isPending) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Reading the {name} fields…</Text>
      </Group>
    );
  }
  if (fields.isError) {
    return (
      <Alert color="red" variant="light" title={`Could not read the ${name} fields`}>
        {describeError(fields.error, { platform })}
      </Alert>
    );
  }
  return (
    <Stack gap="xs">
      {objectTypes.map((objectType) => {
        const choices = writableFields(fields.data.fields, objectType);
        const draft = drafts[objectType];
        const chosen: TCrmField | undefined = choices.find((field) => field.name === draft?.field);
        const noun = objectType === 'lead' ? 'leads' : 'contacts';
        return (
          <Stack key={objectType} gap={4}>
            <Select
              label={`${name} ${noun}: field to set`}
              placeholder="Leave unchanged"
              data={choices.map((field) => ({ value: field.name, label: field.label || field.name }))}
              value={draft?.field ?? null}
              onChange={(next) => {
                const field = choices.find((candidate) => candidate.name === next);
                onChange(objectType, { field: next, value: field ? initialValue(field) : null });
              }}
              searchable
              clearable
            />
            {chosen && (
              <FieldValueInput
                field={chosen}
                label={`New value of ${chosen.label || chosen.name}`}
                value={draft?.value ?? null}
                onChange={(value: TBulkFieldValue) => onChange(objectType, { field: chosen.name, value })}
              />
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
