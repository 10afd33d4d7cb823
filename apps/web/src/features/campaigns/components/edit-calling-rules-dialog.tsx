import { notifications } from '@mantine/notifications';
import type { TCampaign } from '@voiceagent/shared';
import { useState, type FormEvent } from 'react';
import { FormDialog } from '../../../components/form-dialog';
import { useUpdateCampaignRules } from '../api/update-campaign';
import { toFormValues, validateCallingRules, type CallingRulesErrors } from '../calling-rules-form';
import { CallingRulesFields } from './calling-rules-fields';

type EditCallingRulesDialogProps = { campaign: TCampaign; onClose: () => void };

/** Changes a campaign's rules (PATCH); contacts already called keep their attempts. */
export function EditCallingRulesDialog({ campaign, onClose }: EditCallingRulesDialogProps) {
  const [values, setValues] = useState(() => toFormValues(campaign.rules));
  const [errors, setErrors] = useState<CallingRulesErrors>({});
  const update = useUpdateCampaignRules(campaign.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validateCallingRules(values);
    setErrors(checked.errors ?? {});
    if (!checked.rules) return;
    update.mutate(checked.rules, {
      onSuccess: () => {
        onClose();
        notifications.show({ color: 'green', title: 'Calling rules saved', message: `${campaign.name} follows the new rules from its next lease.` });
      },
    });
  };

  return (
    <FormDialog
      title="Edit calling rules"
      isOpen
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Save rules"
      isSubmitting={update.isPending}
      failure={update.isError ? { title: 'The rules were not saved', error: update.error } : null}
      size="lg"
    >
      <CallingRulesFields values={values} errors={errors} onChange={setValues} />
    </FormDialog>
  );
}
