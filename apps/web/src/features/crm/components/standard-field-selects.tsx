import { Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { CONTACT_OBJECT_TYPES, type TContactObjectType, type TCrmField, type TFieldMapping, type TStandardContactField } from '@voiceagent/shared';
import { listCompatibleFields, standardSlot, STANDARD_FIELD_ROWS, toFieldRef, type DraftErrors, type FieldRef, type MappingDraft } from '../field-mapping';
import { describeInvalidValues, FIELD_OBJECT_LABELS, FIELD_TYPE_LABELS } from '../field-labels';

type StandardFieldSelectsProps = {
  fields: readonly TCrmField[];
  standard: MappingDraft['standard'];
  /** Fields synced as custom fields: one provider field feeds one target. */
  usedByCustom: ReadonlySet<FieldRef>;
  saved: readonly TFieldMapping[];
  errors: DraftErrors['bySlot'];
  onChange: (objectType: TContactObjectType, field: TStandardContactField, name: string | null) => void;
};

/** A select per VoiceAgent field (and per object, where the CRM has leads), offering the fields of a fitting type. */
export function StandardFieldSelects({ fields, standard, usedByCustom, saved, errors, onChange }: StandardFieldSelectsProps) {
  const objectTypes = CONTACT_OBJECT_TYPES.filter((objectType) => fields.some((f) => f.objectType === objectType));
  const hasObjects = objectTypes.length > 1;
  return (
    <Stack gap="md">
      {objectTypes.map((objectType) => {
        // A field already feeding another VoiceAgent field of this object is not offered twice.
        const owners = new Map(Object.entries(standard).flatMap(([slot, name]) => (name && slot.startsWith(`${objectType}:`) ? [[name, slot] as const] : [])));
        return (
          <Stack key={objectType} gap="xs" component={hasObjects ? 'section' : 'div'} aria-label={hasObjects ? `VoiceAgent fields of a ${FIELD_OBJECT_LABELS[objectType].toLowerCase()}` : undefined}>
            {hasObjects && (
              <Title order={4} size="h5">
                From the {FIELD_OBJECT_LABELS[objectType]}
              </Title>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
              {STANDARD_FIELD_ROWS.map((row) => {
                const slot = standardSlot(objectType, row.name);
                const value = standard[slot] ?? null;
                const isTakenElsewhere = (name: string) => (owners.get(name) ?? slot) !== slot;
                const offered = listCompatibleFields(fields, row.name, objectType).filter(
                  (field) => field.name === value || (!usedByCustom.has(toFieldRef(field)) && !isTakenElsewhere(field.name)),
                );
                const data = offered.map((field) => ({ value: field.name, label: `${field.label || field.name} (${FIELD_TYPE_LABELS[field.type]})` }));
                // A saved choice the catalogue no longer lists still shows, rather than a blank.
                if (value && !offered.some((field) => field.name === value)) data.unshift({ value, label: value });
                const invalid = saved.find((m) => m.objectType === objectType && m.field === value && m.target.kind === 'standard' && m.target.field === row.name)?.invalidValues ?? 0;
                return (
                  <Select
                    key={slot}
                    label={hasObjects ? `${row.label} (${FIELD_OBJECT_LABELS[objectType]})` : row.label}
                    placeholder={data.length === 0 ? `No ${row.type === 'boolean' ? 'yes/no' : 'text'} field` : 'Not mapped'}
                    description={
                      invalid > 0 ? `${describeInvalidValues(invalid)} kept as sent` : row.type === 'boolean' ? 'Takes a Yes/No field' : 'Takes a text, picklist, phone or email field'
                    }
                    inputWrapperOrder={['label', 'input', 'description', 'error']}
                    data={data}
                    value={value}
                    onChange={(next) => onChange(objectType, row.name, next)}
                    clearable
                    searchable
                    disabled={data.length === 0}
                    nothingFoundMessage="No field of a fitting type"
                    error={errors[slot]}
                  />
                );
              })}
            </SimpleGrid>
          </Stack>
        );
      })}
      {objectTypes.length === 0 && (
        <Text size="sm" c="dimmed">
          The CRM described no fields to map.
        </Text>
      )}
    </Stack>
  );
}
