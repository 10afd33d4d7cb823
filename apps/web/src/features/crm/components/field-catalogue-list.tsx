import { Badge, Checkbox, CloseButton, Group, Paper, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { CONTACT_OBJECT_TYPES, type TCrmField, type TFieldMapping } from '@voiceagent/shared';
import { memo, useMemo, useState } from 'react';
import { filterCatalogue, toFieldRef, type DraftErrors, type FieldRef } from '../field-mapping';
import { describeInvalidValues, FIELD_OBJECT_LABELS, FIELD_TYPE_LABELS } from '../field-labels';

type FieldCatalogueListProps = {
  fields: readonly TCrmField[];
  /** Selected fields and their keys. */
  custom: Partial<Record<FieldRef, string>>;
  /** Fields feeding a standard field, with its label: they cannot also be synced as custom fields. */
  usedByStandard: ReadonlyMap<FieldRef, string>;
  saved: ReadonlyMap<FieldRef, TFieldMapping>;
  errors: DraftErrors['byRef'];
  onToggle: (field: TCrmField, isSelected: boolean) => void;
  onKeyChange: (ref: FieldRef, key: string) => void;
};

/** The CRM's catalogue, searchable, grouped by object where the CRM has leads: a checkbox and a key per field. */
export function FieldCatalogueList({ fields, custom, usedByStandard, saved, errors, onToggle, onKeyChange }: FieldCatalogueListProps) {
  const [search, setSearch] = useState('');
  const found = useMemo(() => filterCatalogue(fields, search), [fields, search]);
  const groups = CONTACT_OBJECT_TYPES.map((objectType) => ({ objectType, fields: found.filter((f) => f.objectType === objectType) }));
  const hasObjects = new Set(fields.map((f) => f.objectType)).size > 1;
  const selectedCount = Object.keys(custom).length;

  return (
    <Stack gap="sm">
      <TextInput
        label="Search fields"
        placeholder="Label or API name"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        rightSection={search ? <CloseButton aria-label="Clear search" size="sm" onClick={() => setSearch('')} /> : null}
        description={`${selectedCount.toLocaleString('en')} selected · ${fields.length.toLocaleString('en')} fields in the CRM`}
        inputWrapperOrder={['label', 'input', 'description']}
      />
      {found.length === 0 && (
        <Text size="sm" c="dimmed" role="status">
          {fields.length === 0 ? 'The CRM described no fields. Refresh from the CRM to read them again.' : `No field matches “${search.trim()}”.`}
        </Text>
      )}
      {groups.map(
        ({ objectType, fields: groupFields }) =>
          groupFields.length > 0 && (
            <Stack key={objectType} gap={0} component="section" aria-label={hasObjects ? `${FIELD_OBJECT_LABELS[objectType]} fields` : 'CRM fields'}>
              {hasObjects && (
                <Title order={4} size="h5" mb={6}>
                  {FIELD_OBJECT_LABELS[objectType]} fields
                </Title>
              )}
              <Paper withBorder radius="md">
                {groupFields.map((field) => {
                  const ref = toFieldRef(field);
                  return (
                    <CatalogueRow
                      key={ref}
                      field={field}
                      fieldRef={ref}
                      fieldKey={custom[ref]}
                      standardLabel={usedByStandard.get(ref)}
                      invalidValues={saved.get(ref)?.invalidValues ?? 0}
                      error={errors[ref]}
                      onToggle={onToggle}
                      onKeyChange={onKeyChange}
                    />
                  );
                })}
              </Paper>
            </Stack>
          ),
      )}
    </Stack>
  );
}

type CatalogueRowProps = {
  field: TCrmField;
  fieldRef: FieldRef;
  /** The key when selected; undefined when not. */
  fieldKey: string | undefined;
  standardLabel: string | undefined;
  invalidValues: number;
  error: string | undefined;
  onToggle: (field: TCrmField, isSelected: boolean) => void;
  onKeyChange: (ref: FieldRef, key: string) => void;
};

// Memoised: a catalogue has hundreds of fields, and typing a key must not redraw all of them.
const CatalogueRow = memo(function CatalogueRow({ field, fieldRef, fieldKey, standardLabel, invalidValues, error, onToggle, onKeyChange }: CatalogueRowProps) {
  const isSelected = fieldKey !== undefined;
  return (
    <Stack gap={6} px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Checkbox
          checked={isSelected}
          disabled={standardLabel !== undefined}
          onChange={(event) => onToggle(field, event.currentTarget.checked)}
          label={field.label || field.name}
          description={standardLabel ? `${field.name} · feeds ${standardLabel}` : field.name}
          styles={{ description: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Group gap={4} justify="flex-end" wrap="wrap" style={{ flexShrink: 0, maxWidth: '50%' }}>
          <Badge variant="light" color="blue" c="dark.7" size="sm">
            {FIELD_TYPE_LABELS[field.type]}
          </Badge>
          {field.custom && (
            <Badge variant="outline" color="violet.9" size="sm">
              Custom
            </Badge>
          )}
          {field.readOnly && (
            <Badge variant="outline" color="gray.8" size="sm" title="The CRM does not let an API client write it">
              Read-only
            </Badge>
          )}
          {field.calculated && (
            <Badge variant="outline" color="gray.8" size="sm" title="Computed by the CRM (a formula, a rollup, a score)">
              Calculated
            </Badge>
          )}
          {invalidValues > 0 && (
            <Tooltip label="Synced contacts whose value did not fit this field's type; the values are kept as the CRM sent them" multiline w={260}>
              <Badge variant="light" color="orange" c="dark.7" size="sm" tabIndex={0}>
                {describeInvalidValues(invalidValues)}
              </Badge>
            </Tooltip>
          )}
        </Group>
      </Group>
      {isSelected && (
        <TextInput
          size="xs"
          label="Key"
          aria-label={`Key for ${field.label || field.name}`}
          description="How filters and prompts name it: {{custom.key}}"
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          value={fieldKey}
          onChange={(event) => onKeyChange(fieldRef, event.currentTarget.value)}
          error={error}
          maxLength={63}
          pl={30}
          maw={420}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      )}
      {!isSelected && error && (
        <Text size="xs" c="red.8" pl={30}>
          {error}
        </Text>
      )}
    </Stack>
  );
});
