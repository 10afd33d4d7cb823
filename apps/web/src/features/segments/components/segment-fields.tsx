import { Stack, Textarea, TextInput } from '@mantine/core';
import { SEGMENT_DESCRIPTION_MAX, SEGMENT_NAME_MAX } from '@voiceagent/shared';
import type { SegmentFieldErrors, SegmentFields } from '../segment-form';

type SegmentFieldsProps = {
  fields: SegmentFields;
  errors: SegmentFieldErrors;
  onChange: (fields: SegmentFields) => void;
};

/** A segment's name and description, as saving and editing both ask for them. */
export function SegmentFieldInputs({ fields, errors, onChange }: SegmentFieldsProps) {
  return (
    <Stack gap="sm">
      <TextInput
        label="Name"
        required
        maxLength={SEGMENT_NAME_MAX}
        value={fields.name}
        error={errors.name}
        onChange={(event) => onChange({ ...fields, name: event.currentTarget.value })}
        data-autofocus
      />
      <Textarea
        label="Description"
        description="Optional: who this is, and what it is for"
        autosize
        minRows={2}
        maxLength={SEGMENT_DESCRIPTION_MAX}
        value={fields.description}
        error={errors.description}
        onChange={(event) => onChange({ ...fields, description: event.currentTarget.value })}
      />
    </Stack>
  );
}
