import { notifications } from '@mantine/notifications';
import type { TSegment } from '@voiceagent/shared';
import { useState, type FormEvent } from 'react';
import { FormDialog } from '../../../components/form-dialog';
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

  const hasFieldError = Object.keys(errors).length > 0;
  return (
    <FormDialog
      title="Edit segment"
      isOpen={isOpen}
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Save"
      isSubmitting={update.isPending}
      failure={update.isError && !hasFieldError ? { title: 'The segment was not saved', error: update.error } : null}
    >
      <SegmentFieldInputs fields={fields} errors={errors} onChange={setFields} />
    </FormDialog>
  );
}
