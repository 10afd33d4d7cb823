import { Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import { endpoints, type TCreateCampaignResponse } from '@voiceagent/shared';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ExportCsvButton } from '../../../components/export-csv-button';
import { PageHeading } from '../../../components/page-heading';
import { paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-client';
import { useCampaign } from '../../../features/campaigns/api/get-campaign';
import { CampaignContactsTable } from '../../../features/campaigns/components/campaign-contacts-table';
import { CampaignQueuePanel } from '../../../features/campaigns/components/campaign-queue-panel';
import { CampaignStats } from '../../../features/campaigns/components/campaign-stats';
import { CreatedCampaignNotice } from '../../../features/campaigns/components/created-campaign-notice';
import { LoadError } from '../../../components/load-error';

type LocationState = { created?: TCreateCampaignResponse['contacts'] } | null;

/** A campaign: statistics per CRM and its contacts, live while the calling service reports calls. */
export function CampaignRoute() {
  const { campaignId = '' } = useParams();
  const location = useLocation();
  const created = (location.state as LocationState)?.created;
  const detail = useCampaign(campaignId);
  const campaign = detail.data?.pages[0]?.campaign;

  if (detail.isPending) {
    return (
      <Stack gap="lg" role="status" aria-label="Loading the campaign">
        <Skeleton height={14} width={120} />
        <Skeleton height={32} width="40%" />
        <Skeleton height={260} />
      </Stack>
    );
  }
  if (!campaign) {
    // A malformed id in the link is as missing as an unknown one.
    const isMissing = detail.error instanceof ApiError && (detail.error.code === 'not_found' || detail.error.code === 'validation_failed');
    return (
      <Stack gap="lg">
        <Anchor component={Link} to={paths.app.agents.getHref()} size="sm">
          ← All agents
        </Anchor>
        <PageHeading title={isMissing ? 'Campaign not found' : 'Campaign'} />
        <LoadError title={isMissing ? 'There is no such campaign' : 'Could not load the campaign'} query={detail} message={isMissing ? 'It may have been deleted, or the link is wrong.' : undefined} />
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={paths.app.agent.getHref(campaign.agentId)} size="sm">
        ← {campaign.agentName}
      </Anchor>
      <Group justify="space-between" align="baseline">
        <PageHeading title={campaign.name} />
        <Group gap="md" align="baseline">
          <Text size="sm" c="dimmed">
            {campaign.contactCount.toLocaleString('en')} contacts · started {new Date(campaign.startedAt ?? campaign.createdAt).toLocaleString('en')}
          </Text>
          <ExportCsvButton
            endpoint={endpoints.exportCampaignResults}
            options={{ params: { id: campaign.id } }}
            fallbackFilename={`campaign-results-${new Date().toISOString().slice(0, 10)}.csv`}
            label="Export results"
          />
        </Group>
      </Group>
      {created && <CreatedCampaignNotice contacts={created} />}
      <CampaignQueuePanel campaign={campaign} />
      <CampaignStats campaignId={campaign.id} />
      <CampaignContactsTable campaignId={campaign.id} total={campaign.contactCount} />
    </Stack>
  );
}
