import { TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { FormDialog } from '../../../components/form-dialog';
import { useZodForm } from '../../../hooks/use-zod-form';
import { useCreateSuppression } from '../api/create-suppression';
import { toSuppressionBody, ZSuppressionForm } from '../suppression-form';

type AddSuppressionDialogProps = { isOpen: boolean; onClose: () => void };

/** A number typed by hand: checked here first, then by the server, whose refusal is shown above the fields. */
export function AddSuppressionDialog({ isOpen, onClose }: AddSuppressionDialogProps) {
  const form = useZodForm(ZSuppressionForm, { phone: '', reason: '' });
  const create = useCreateSuppression();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = form.validate();
    if (!values) return;
    create.mutate(toSuppressionBody(values), {
      onSuccess: (saved) => {
        onClose();
        notifications.show({ color: 'green', title: 'Number suppressed', message: `${saved.phoneE164} will not be called by any campaign.` });
      },
    });
  };

  return (
    <FormDialog
      title="Suppress a number"
      isOpen={isOpen}
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Suppress number"
      isSubmitting={create.isPending}
      failure={create.isError ? { title: 'The number was not added', error: create.error } : null}
    >
      <TextInput label="Phone number" description="With its country code (+44 …), or as dialled in your default region" withAsterisk data-autofocus {...form.getInputProps('phone')} />
      <TextInput label="Reason" description="Optional: why it must not be called" {...form.getInputProps('reason')} />
    </FormDialog>
  );
}
