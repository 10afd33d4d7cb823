import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TSegment } from '@voiceagent/shared';
import { useState, type FormEvent } from 'react';
import { describeError } from '../../../lib/error-messages';
import { useUpdateSegment } from '../api/update-segment';
import { toSegmentFieldErrors, validateSegmentFields, type SegmentFieldErrors, type SegmentFields } from '../segment-form';
import { SegmentFieldInputs } from './segment-fields';

type EditSegmentDialogProps = { segment: TSegment; isOpen: boolean; onClose: () => void };

/** Renames a segment or changes its description; its filter stays. */
export function EditSegmentDialog({ segment, isOpen, onClose }: EditSegmentDialogProps) {
  const [fields, setFields] = useState<SegmentFields>({ name: segment.name, description: segment.description });
  const [errors, setErrors] = useState<SegmentFieldErrors>({});
  const update = useUpdateSegment();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateSegmentFields(fields);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(
      { segmentId: segment.id, body: { name: fields.name.trim(), description: fields.description.trim() } },
      {
        onSuccess: (saved) => {
          onClose();
          notifications.show({ color: 'green', title: 'Segment saved', message: `${saved.name} is saved.` });
        },
        onError: (error) => setErrors(toSegmentFieldErrors(error)),
      },
    );
  };

  return (
    <Modal opened={isOpen} onClose={onClose} title="Edit segment" centered>
      <form onSubmit={submit} noValidate aria-label="Edit segment">
        <Stack gap="md">
          {update.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light" title="The segment was not saved" role="alert">
              {describeError(update.error)}
            </Alert>
          )}
          <SegmentFieldInputs fields={fields} errors={errors} onChange={setFields} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
