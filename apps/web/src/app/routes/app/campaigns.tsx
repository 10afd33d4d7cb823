import { Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { PageHeading } from '../../../components/page-heading';
import type { CampaignStatus } from '../../../features/campaigns/api/get-all-campaigns';
import { CampaignsList } from '../../../features/campaigns/components/campaigns-list';
import { CAMPAIGN_STATUS_LABELS } from '../../../features/campaigns/labels';

const isStatus = (value: string | null): value is CampaignStatus => value !== null && value in CAMPAIGN_STATUS_LABELS;

/** /campaigns: every campaign across agents; the status filter lives in the URL (?status=paused). */
export function CampaignsRoute() {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get('status');
  const status = isStatus(raw) ? raw : null;

  return (
    <Stack gap="lg">
      <PageHeading title="Campaigns" />
      <Text c="dimmed" maw={720}>
        Every campaign of every agent, newest first. Open one to follow its calls and their write-back to your CRMs.
      </Text>
      <CampaignsList
        status={status}
        onStatusChange={(next) =>
          setSearchParams(
            (params) => {
              if (next) params.set('status', next);
              else params.delete('status');
              return params;
            },
            { replace: true },
          )
        }
      />
    </Stack>
  );
}
