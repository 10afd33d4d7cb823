import { Text } from '@mantine/core';
import { PLATFORMS } from '@voiceagent/shared';
import { EmptyState } from '../../../components/empty-state';
import { PLATFORM_LABELS } from '../platform-labels';

const platformNames = new Intl.ListFormat('en', { type: 'conjunction' }).format(
  PLATFORMS.map((platform) => PLATFORM_LABELS[platform]),
);

export function CrmEmptyState() {
  return (
    <EmptyState title="No CRM connected yet">
      <Text>Connecting {platformNames} happens on this page.</Text>
      <Text>
        Once a CRM is connected, its contacts are synced here, ready to search and to pick for your voice agents.
      </Text>
    </EmptyState>
  );
}
