import { Alert, List } from '@mantine/core';
import type { TCreateCampaignResponse } from '@voiceagent/shared';

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** What creating the campaign did with the contacts: shown once, right after. */
export function CreatedCampaignNotice({ contacts }: { contacts: TCreateCampaignResponse['contacts'] }) {
  const { merged, skipped } = contacts;
  return (
    <Alert color="green" title={`Campaign created with ${plural(contacts.added, 'contact', 'contacts')} to call`} role="status">
      {(merged > 0 || skipped.notCallable > 0 || skipped.notFound > 0) && (
        <List size="sm">
          {merged > 0 && <List.Item>{plural(merged, 'contact shares', 'contacts share')} a phone number with another one and will be called once.</List.Item>}
          {skipped.notCallable > 0 && <List.Item>{plural(skipped.notCallable, 'contact has', 'contacts have')} no valid phone number and was left out.</List.Item>}
          {skipped.notFound > 0 && <List.Item>{plural(skipped.notFound, 'picked contact no longer exists', 'picked contacts no longer exist')}.</List.Item>}
        </List>
      )}
    </Alert>
  );
}
