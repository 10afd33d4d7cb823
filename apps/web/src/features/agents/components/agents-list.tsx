import { Anchor, Button, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { RelativeTime } from '../../../components/relative-time';
import { paths } from '../../../config/paths';
import { useAgents } from '../api/get-agents';
import { formatVoice } from '../labels';
import { AgentsEmptyState } from './agents-empty-state';
import { LoadError } from '../../../components/load-error';
import { describeError } from '../../../lib/error-messages';

/** The user's agents, newest first, a page at a time. */
export function AgentsList() {
  const agents = useAgents();

  if (agents.isPending) return <AgentsListSkeleton />;
  if (agents.isError && !agents.data) {
    return <LoadError title="Could not load your agents" query={agents} />;
  }
  const items = agents.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <AgentsEmptyState />;

  return (
    <Stack gap="sm">
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Caption>Your agents, newest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Voice</Table.Th>
                <Table.Th scope="col" ta="right">
                  Contacts
                </Table.Th>
                <Table.Th scope="col">Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((agent) => (
                <Table.Tr key={agent.id}>
                  <Table.Th scope="row" fw={600}>
                    <Anchor component={Link} to={paths.app.agent.getHref(agent.id)}>
                      {agent.name}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{formatVoice(agent.voice)}</Table.Td>
                  <Table.Td ta="right">{agent.contactCount.toLocaleString('en')}</Table.Td>
                  <Table.Td>
                    <RelativeTime iso={agent.createdAt} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {agents.isFetchNextPageError && (
        <Text size="sm" c="red.9" role="alert">
          Could not load more agents. {describeError(agents.error)}
        </Text>
      )}
      {agents.hasNextPage && (
        <Button variant="default" onClick={() => void agents.fetchNextPage()} loading={agents.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          Show more agents
        </Button>
      )}
    </Stack>
  );
}

function AgentsListSkeleton() {
  return (
    <Paper withBorder radius="md" p="md" role="status" aria-label="Loading agents">
      <Stack gap="md">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} height={18} width={`${70 - i * 10}%`} />
        ))}
      </Stack>
    </Paper>
  );
}
