import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { RelativeTime } from '../../../components/relative-time';
import { paths } from '../../../config/paths';
import { useAgentCampaigns } from '../api/get-campaigns';
import { PagedSection } from '../../../components/paged-section';
import { answerRateOf, formatRate } from '../campaign-figures';

/** The campaigns run on one agent, newest first, with the headline figures the list carries, each leading to its results. */
export function AgentCampaigns({ agentId }: { agentId: string }) {
  const campaigns = useAgentCampaigns(agentId);
  const items = campaigns.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <PagedSection
      title="Campaigns"
      headingId="agent-campaigns-heading"
      query={campaigns}
      noun="campaigns"
      errorTitle="Could not load the campaigns"
      isEmpty={items.length === 0}
      empty={<Text>No campaigns yet. Start one to call these contacts; its calls are written back to their CRMs.</Text>}
    >
      <Table.ScrollContainer minWidth={600}>
        <Table verticalSpacing="xs" highlightOnHover>
          <Table.Caption>This agent’s campaigns, newest first. Answer rate: contacts whose latest call was answered, of those called.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col" ta="right">
                Contacts
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Called
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Answer rate
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
                <Table.Td ta="right">{campaign.figures.contacts.toLocaleString('en')}</Table.Td>
                <Table.Td ta="right">{campaign.figures.called.toLocaleString('en')}</Table.Td>
                <Table.Td ta="right">{formatRate(answerRateOf(campaign.figures))}</Table.Td>
                <Table.Td>
                  <RelativeTime iso={campaign.startedAt ?? campaign.createdAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </PagedSection>
  );
}
