import { Alert, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { PLATFORMS, type TCampaignPlatformStats } from '@voiceagent/shared';
import { lazy, Suspense } from 'react';
import { useCampaignStats } from '../api/get-campaign-stats';
import { useSyncResults } from '../api/sync-results';
import { formatDuration } from '../labels';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { LoadError } from '../../../components/load-error';
import { describeError } from '../../../lib/error-messages';

const CampaignStatsChart = lazy(() => import('./campaign-stats-chart'));

const COLUMNS: Array<[string, (stats: TCampaignPlatformStats) => string]> = [
  ['Contacts', (s) => s.contacts.toLocaleString('en')],
  ['Called', (s) => s.called.toLocaleString('en')],
  ['Answered', (s) => s.answered.toLocaleString('en')],
  ['Voicemail', (s) => s.voicemail.toLocaleString('en')],
  ['No answer', (s) => s.noAnswer.toLocaleString('en')],
  ['Failed', (s) => s.failed.toLocaleString('en')],
  ['Average answered call', (s) => formatDuration(s.averageDurationSec)],
  ['Written back', (s) => s.writtenBack.toLocaleString('en')],
  ['Writing back', (s) => s.writeBackPending.toLocaleString('en')],
  ['Write-back failed', (s) => s.writeBackFailed.toLocaleString('en')],
];

/** Per-platform statistics of a campaign, refreshed while results arrive. */
export function CampaignStats({ campaignId }: { campaignId: string }) {
  const stats = useCampaignStats(campaignId);
  const redrive = useSyncResults(campaignId);

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="campaign-stats-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="campaign-stats-heading">
          Statistics by CRM
        </Title>
        {stats.isPending ? (
          <Stack gap="sm" role="status" aria-label="Loading statistics">
            <Skeleton height={200} />
            <Skeleton height={16} width="60%" />
          </Stack>
        ) : stats.isError && !stats.data ? (
          <LoadError title="Could not load the statistics" query={stats} />
        ) : (
          <>
            {stats.data.total.called === 0 ? (
              <Text c="dimmed">No calls reported yet. Figures appear here as the calls come in.</Text>
            ) : (
              <Suspense fallback={<Skeleton height={260} aria-hidden="true" />}>
                <CampaignStatsChart stats={stats.data} />
              </Suspense>
            )}
            {stats.data.total.writeBackFailed > 0 && (
              <Alert color="red" title="Some calls could not be written back to the CRM" role="alert">
                <Group justify="space-between" align="center" gap="sm">
                  <Text size="sm">
                    {stats.data.total.writeBackFailed.toLocaleString('en')} {stats.data.total.writeBackFailed === 1 ? 'call is' : 'calls are'} missing from the CRM. The
                    contacts below say why.
                  </Text>
                  <Button size="xs" variant="default" onClick={() => redrive.mutate()} loading={redrive.isPending}>
                    Retry write-back
                  </Button>
                </Group>
              </Alert>
            )}
            {redrive.isError && (
              <Text size="sm" c="red.9" role="alert">
                Could not retry. {describeError(redrive.error)}
              </Text>
            )}
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="xs" striped>
                <Table.Caption>Outcomes count each contact by its latest call; write-backs count every call.</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">CRM</Table.Th>
                    {COLUMNS.map(([label]) => (
                      <Table.Th scope="col" key={label} ta="right">
                        {label}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...PLATFORMS.map((platform) => [PLATFORM_LABELS[platform], stats.data.byPlatform[platform]] as const), ['All', stats.data.total] as const].map(
                    ([label, row]) => (
                      <Table.Tr key={label}>
                        <Table.Th scope="row" fw={label === 'All' ? 700 : 500}>
                          {label}
                        </Table.Th>
                        {COLUMNS.map(([column, format]) => (
                          <Table.Td key={column} ta="right" fw={label === 'All' ? 700 : undefined}>
                            {format(row)}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ),
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>
    </Paper>
  );
}
