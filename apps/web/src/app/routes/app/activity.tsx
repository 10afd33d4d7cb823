import { Stack, Text } from '@mantine/core';
import { PageHeading } from '../../../components/page-heading';
import { ActivityLog } from '../../../features/audit/components/activity-log';

export function ActivityRoute() {
  return (
    <Stack gap="lg">
      <PageHeading title="Activity" />
      <Text c="dimmed" maw={720}>
        What happened to your account: sign-ins, CRM connections and their access, services acting for you, and the agents and campaigns
        started. Failed attempts are listed too, so you can tell if someone tried what you did not.
      </Text>
      <ActivityLog />
    </Stack>
  );
}
