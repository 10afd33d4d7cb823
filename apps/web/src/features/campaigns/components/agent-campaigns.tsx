import { Anchor, Button, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { LoadError } from '../../../components/load-error';
import { RelativeTime } from '../../../components/relative-time';
import { paths } from '../../../config/paths';
import { useAgentCampaigns } from '../api/get-campaigns';

/** The campaigns run on one agent, newest first, each leading to its results. */
export function AgentCampaigns({ agentId }: { agentId: string }) {
  const campaigns = useAgentCampaigns(agentId);
  const items = campaigns.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="agent-campaigns-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="agent-campaigns-heading">
          Campaigns
        </Title>
        {campaigns.isPending ? (
          <Stack gap="sm" role="status" aria-label="Loading campaigns">
            {Array.from({ length: 2 }, (_, i) => (
              <Skeleton key={i} height={16} width={`${60 - i * 15}%`} />
            ))}
          </Stack>
        ) : campaigns.isError && !campaigns.data ? (
          <LoadError title="Could not load the campaigns" query={campaigns} />
        ) : items.length === 0 ? (
          <Text>No campaigns yet. Start one to call these contacts; its calls are written back to their CRMs.</Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="xs" highlightOnHover>
                <Table.Caption>This agent’s campaigns, newest first</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Contacts
                    </Table.Th>
                    <Table.Th scope="col">Started</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((campaign) => (
                    <Table.Tr key={campaign.id}>
                      <Table.Th scope="row" fw={600}>
                        <Anchor component={Link} to={paths.app.campaign.getHref(campaign.id)}>
                          {campaign.name}
                        </Anchor>
                      </Table.Th>
                      <Table.Td ta="right">{campaign.contactCount.toLocaleString('en')}</Table.Td>
                      <Table.Td>
                        <RelativeTime iso={campaign.startedAt ?? campaign.createdAt} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {campaigns.isFetchNextPageError && (
              <Text size="sm" c="red.9" role="alert">
                Could not load more campaigns. {campaigns.error?.message}
              </Text>
            )}
            {campaigns.hasNextPage && (
              <Button variant="default" onClick={() => void campaigns.fetchNextPage()} loading={campaigns.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
                Show more campaigns
              </Button>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
