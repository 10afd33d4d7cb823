import { Alert, Card, Group, SimpleGrid, Skeleton, Stack } from '@mantine/core';
import { PLATFORMS, type TCrmCredentialsResponse } from '@voiceagent/shared';
import type { UseQueryResult } from '@tanstack/react-query';
import { PlatformCard } from './platform-card';
import { LoadError } from '../../../components/load-error';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

// Two a row at most: a card's header (logo, name, Sandbox and status badges) needs half the page.
const GRID_COLUMNS = { base: 1, md: 2 };
const listFormat = new Intl.ListFormat('en', { type: 'disjunction' });

type PlatformCardsProps = { credentials: UseQueryResult<TCrmCredentialsResponse> };

/**
 * A card for every platform, in a fixed order: one this server does not offer still says so, so
 * that a person looking for their CRM learns why it cannot be connected rather than finding nothing.
 */
export function PlatformCards({ credentials }: PlatformCardsProps) {
  if (credentials.isPending) return <PlatformCardsSkeleton />;
  if (credentials.isError) {
    return <LoadError title="Could not load your CRM connections" query={credentials} />;
  }

  const { connections, available } = credentials.data;
  const isNothingOffered = available.length === 0 && connections.length === 0;
  return (
    <Stack gap="md">
      {isNothingOffered && (
        <Alert color="gray" variant="light" title="No CRM can be connected here">
          This server has no CRM app configured ({listFormat.format(PLATFORMS.map((platform) => PLATFORM_LABELS[platform]))}), and its sandboxes are
          switched off. Ask your administrator to set one up.
        </Alert>
      )}
      <SimpleGrid cols={GRID_COLUMNS} spacing="lg">
        {PLATFORMS.map((platform) => {
          const connection = connections.find((c) => c.platform === platform) ?? null;
          const offer = available.find((a) => a.platform === platform);
          return (
            <PlatformCard
              key={platform}
              platform={platform}
              connection={connection}
              isAvailable={offer !== undefined}
              isSandbox={connection?.isSandbox ?? offer?.isSandbox ?? false}
              serverDefaultPhoneRegion={credentials.data.serverDefaultPhoneRegion}
            />
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

function PlatformCardsSkeleton() {
  return (
    <SimpleGrid cols={GRID_COLUMNS} spacing="lg" role="status" aria-label="Loading your CRM connections">
      {PLATFORMS.map((platform) => (
        <Card key={platform} withBorder radius="md" padding="lg">
          <Group gap="sm" mb="md">
            <Skeleton circle height={40} />
            <Skeleton height={20} width={120} />
          </Group>
          <Skeleton height={14} mb={8} />
          <Skeleton height={14} width="60%" mb="md" />
          <Skeleton height={36} width={110} />
        </Card>
      ))}
    </SimpleGrid>
  );
}
