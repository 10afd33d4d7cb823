import { Alert, Card, Group, SimpleGrid, Skeleton } from '@mantine/core';
import { PLATFORMS, type TCrmCredentialsResponse } from '@voiceagent/shared';
import type { UseQueryResult } from '@tanstack/react-query';
import { PlatformCard } from './platform-card';
import { LoadError } from '../../../components/load-error';

type PlatformCardsProps = { credentials: UseQueryResult<TCrmCredentialsResponse> };

/** A card for each platform this server offers or the user has connected, in a fixed order. */
export function PlatformCards({ credentials }: PlatformCardsProps) {
  if (credentials.isPending) return <PlatformCardsSkeleton />;
  if (credentials.isError) {
    return <LoadError title="Could not load your CRM connections" query={credentials} />;
  }

  const { connections, available } = credentials.data;
  const platforms = PLATFORMS.filter(
    (platform) => available.some((a) => a.platform === platform) || connections.some((c) => c.platform === platform),
  );
  if (platforms.length === 0) {
    return (
      <Alert color="gray" variant="light" title="No CRM can be connected here">
        This server has neither a HubSpot nor a Zoho CRM app configured, and its sandboxes are switched off.
      </Alert>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {platforms.map((platform) => {
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
  );
}

function PlatformCardsSkeleton() {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" role="status" aria-label="Loading your CRM connections">
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
