import { Badge, Stack, Text } from '@mantine/core';
import type { TCampaignContact } from '@voiceagent/shared';
import { WRITE_BACK_LABELS } from '../labels';

// Light badges with text dark enough for small type (4.5:1 on their tint).
const COLORS = {
  pending: ['gray', 'dark.6'],
  retrying: ['orange', 'dark.7'],
  succeeded: ['green', 'dark.7'],
  failed: ['red', 'red.9'],
} as const;

/** Where the contact's latest call stands in its CRM; a failure says why. */
export function WriteBackState({ writeBack }: { writeBack: TCampaignContact['writeBack'] }) {
  if (!writeBack) return <Text size="sm" c="dimmed">Not called yet</Text>;
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={COLORS[writeBack.status][0]} c={COLORS[writeBack.status][1]} variant="light" radius="sm">
        {WRITE_BACK_LABELS[writeBack.status]}
      </Badge>
      {writeBack.status !== 'succeeded' && writeBack.error && (
        <Text size="xs" c="red.9">
          {writeBack.error}
        </Text>
      )}
    </Stack>
  );
}
