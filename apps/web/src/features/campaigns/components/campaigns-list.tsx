import { Anchor, Badge, Group, Select, Table, Text } from '@mantine/core';
import type { TCampaignListItem } from '@voiceagent/shared';
import { Link } from 'react-router-dom';
import { PagedSection } from '../../../components/paged-section';
import { RelativeTime } from '../../../components/relative-time';
import { paths } from '../../../config/paths';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useAllCampaigns, type CampaignStatus } from '../api/get-all-campaigns';
import { answerRateOf, formatRate } from '../campaign-figures';
import { CAMPAIGN_STATUS_COLORS, CAMPAIGN_STATUS_LABELS } from '../labels';

const STATUS_OPTIONS = [
  { value: '', label: 'All statuses' },
  ...Object.entries(CAMPAIGN_STATUS_LABELS).map(([value, label]) => ({ value, label })),
];

type CampaignsListProps = {
  status: CampaignStatus | null;
  onStatusChange: (status: CampaignStatus | null) => void;
};

/** Every campaign of the user, newest first, with its agent, CRMs and headline figures; filtered by status. */
export function CampaignsList({ status, onStatusChange }: CampaignsListProps) {
  const campaigns = useAllCampaigns(status);
  const items = campaigns.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <Group>
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          value={status ?? ''}
          onChange={(value) => onStatusChange(value ? (value as CampaignStatus) : null)}
          allowDeselect={false}
          w={200}
        />
      </Group>
      <PagedSection
        title={status ? `${CAMPAIGN_STATUS_LABELS[status]} campaigns` : 'All campaigns'}
        headingId="campaigns-heading"
        query={campaigns}
        noun="campaigns"
        errorTitle="Could not load your campaigns"
        isEmpty={items.length === 0}
        empty={
          status ? (
            <Text>No campaign is {CAMPAIGN_STATUS_LABELS[status].toLowerCase()}. Choose another status to see the others.</Text>
          ) : (
            <Text>
              No campaigns yet. Open an agent on the{' '}
              <Anchor component={Link} to={paths.app.agents.getHref()}>
                Agents
              </Anchor>{' '}
              page and start a campaign to call its contacts.
            </Text>
          )
        }
      >
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Caption>Newest first. Answer rate: contacts whose latest call was answered, of those called.</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Campaign</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Agent</Table.Th>
                <Table.Th scope="col">CRMs</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col" ta="right">
                  Contacts
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Called
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Answered
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Answer rate
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((campaign) => (
                <CampaignRow key={campaign.id} campaign={campaign} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </PagedSection>
    </>
  );
}

/** The figures come with the list (counted for the whole page at once); the campaign's own page keeps them live. */
function CampaignRow({ campaign }: { campaign: TCampaignListItem }) {
  const { figures } = campaign;
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={600}>
        <Anchor component={Link} to={paths.app.campaign.getHref(campaign.id)}>
          {campaign.name}
        </Anchor>
      </Table.Th>
      <Table.Td>
        <Badge variant="light" color={CAMPAIGN_STATUS_COLORS[campaign.status]} c="dark.7" radius="sm">
          {CAMPAIGN_STATUS_LABELS[campaign.status]}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={paths.app.agent.getHref(campaign.agentId)} size="sm">
          {campaign.agentName}
        </Anchor>
      </Table.Td>
      <Table.Td>{figures.platforms.length === 0 ? '—' : figures.platforms.map((platform) => PLATFORM_LABELS[platform]).join(', ')}</Table.Td>
      <Table.Td>
        <RelativeTime iso={campaign.createdAt} />
      </Table.Td>
      <Table.Td ta="right">{figures.contacts.toLocaleString('en')}</Table.Td>
      <Table.Td ta="right">{figures.called.toLocaleString('en')}</Table.Td>
      <Table.Td ta="right">{figures.answered.toLocaleString('en')}</Table.Td>
      <Table.Td ta="right">{formatRate(answerRateOf(figures))}</Table.Td>
    </Table.Tr>
  );
}
