import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { PLATFORMS, type TAgentDetail } from '@voiceagent/shared';
import { RelativeTime } from '../../../components/relative-time';
import { formatVoice } from '../labels';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeSegmentCounts } from './segment-source';

/** What the agent says and does, and how many contacts of each platform it calls. */
export function AgentOverview({ agent }: { agent: TAgentDetail }) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="agent-overview-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="agent-overview-heading">
          Overview
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Fact label="Voice">{formatVoice(agent.voice)}</Fact>
          <Fact label="Created">
            <RelativeTime iso={agent.createdAt} />
          </Fact>
          <Fact label="Contacts">
            <Group gap={6} component="span">
              <span>{agent.contactCounts.total.toLocaleString('en')}</span>
              {PLATFORMS.map((platform) => (
                <Badge key={platform} variant="light" color="gray" c="dark.7" tt="none" fw={500}>
                  {PLATFORM_LABELS[platform]}: {agent.contactCounts.byPlatform[platform].toLocaleString('en')}
                </Badge>
              ))}
            </Group>
          </Fact>
        </SimpleGrid>
        {agent.segment && <SegmentFact segment={agent.segment} contactCount={agent.contactCount} />}
        <Fact label="Greeting">{agent.greeting || <Text span c="gray.7">No greeting</Text>}</Fact>
        <Fact label="Instructions">
          {agent.instructions ? (
            <Text span style={{ whiteSpace: 'pre-wrap' }}>
              {agent.instructions}
            </Text>
          ) : (
            <Text span c="gray.7">
              No instructions
            </Text>
          )}
        </Fact>
      </Stack>
    </Paper>
  );
}

/** Where the agent's contacts come from: its segment, counted now, or the note that it was deleted. */
function SegmentFact({ segment, contactCount }: { segment: NonNullable<TAgentDetail['segment']>; contactCount: number }) {
  if (segment.id === null) {
    return (
      <Fact label="Contact source">
        <Text span c="orange.9">
          The segment this agent was made from was deleted. It keeps the {contactCount.toLocaleString('en')} contacts it took last, and
          its campaigns call those.
        </Text>
      </Fact>
    );
  }
  return (
    <Fact label="Contact source">
      <Text span>
        Segment <strong>{segment.name}</strong>: {segment.matchingNow ? `${describeSegmentCounts({ counts: segment.matchingNow, problem: null })} match now` : segment.problem}.
        Each campaign started from this agent takes the segment&apos;s members at that moment; the list below is what it took when created.
      </Text>
    </Fact>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} c="gray.7">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </Stack>
  );
}
