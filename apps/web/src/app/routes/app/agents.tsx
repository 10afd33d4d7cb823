import { Button, Group, Stack } from '@mantine/core';
import { Link } from 'react-router-dom';
import { PageHeading } from '../../../components/page-heading';
import { paths } from '../../../config/paths';
import { AgentsList } from '../../../features/agents/components/agents-list';

export function AgentsRoute() {
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <PageHeading title="Agents" />
        <Button component={Link} to={paths.app.newAgent.getHref()}>
          New agent
        </Button>
      </Group>
      <AgentsList />
    </Stack>
  );
}
