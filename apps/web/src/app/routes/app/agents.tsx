import { Stack } from '@mantine/core';
import { PageHeading } from '../../../components/page-heading';
import { AgentsEmptyState } from '../../../features/agents/components/agents-empty-state';

export function AgentsRoute() {
  return (
    <Stack gap="lg">
      <PageHeading title="Agents" />
      <AgentsEmptyState />
    </Stack>
  );
}
