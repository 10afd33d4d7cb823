import { Alert, Paper, Skeleton, Stack, Switch, Text } from '@mantine/core';
import { LoadError } from '../../../components/load-error';
import { describeError } from '../../../lib/error-messages';
import { useUpdateUserSettings, useUserSettings } from '../../../lib/user-settings';

/**
 * The user's choice to write suppressed numbers back to their CRMs. Applies to numbers added from
 * then on; the switch shows the saved value, and stays put while a change is being saved.
 */
export function CrmWriteBackSetting() {
  const settings = useUserSettings();
  const save = useUpdateUserSettings();
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="Write suppressions back to your CRMs">
      <Stack gap="sm">
        {settings.isPending ? (
          <Skeleton height={24} width={360} />
        ) : settings.isError ? (
          <LoadError title="Could not load your settings" query={settings} />
        ) : (
          <Switch
            label="Write suppressed numbers back to my CRMs"
            checked={save.isPending ? (save.variables.suppressionWriteBack ?? settings.data.suppressionWriteBack) : settings.data.suppressionWriteBack}
            disabled={save.isPending}
            onChange={(event) => save.mutate({ suppressionWriteBack: event.currentTarget.checked })}
          />
        )}
        <Text size="sm" c="dimmed" maw={720}>
          Each number added from then on is set as do not call on its contacts and leads in your connected CRMs: Salesforce’s Do Not Call,
          and in HubSpot and Zoho the field you map to “Do not call” on the CRM page.
        </Text>
        {save.error && (
          <Alert color="red" variant="light" title="Could not save the setting" role="alert">
            {describeError(save.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
