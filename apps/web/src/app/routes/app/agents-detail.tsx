import { Anchor, Group, Skeleton, Stack } from '@mantine/core';
import type { TCreateAgentResponse } from '@voiceagent/shared';
import { Link, useLocation, useParams } from 'react-router-dom';
import { PageHeading } from '../../../components/page-heading';
import { paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-client';
import { useAgent } from '../../../features/agents/api/get-agent';
import { AgentContactsTable } from '../../../features/agents/components/agent-contacts-table';
import { AgentOverview } from '../../../features/agents/components/agent-overview';
import { CreatedAgentNotice } from '../../../features/agents/components/created-agent-notice';
import { EditAgentButton } from '../../../features/agents/components/edit-agent-button';
import { AgentCampaigns } from '../../../features/campaigns/components/agent-campaigns';
import { StartCampaignButton } from '../../../features/campaigns/components/start-campaign-button';
import { LoadError } from '../../../components/load-error';

type LocationState = { created?: TCreateAgentResponse['contacts'] } | null;

/** One agent and the contacts it calls. */
export function AgentRoute() {
  const { agentId = '' } = useParams();
  const location = useLocation();
  const created = (location.state as LocationState)?.created;
  const agent = useAgent(agentId);

  const backLink = (
    <Anchor component={Link} to={paths.app.agents.getHref()} size="sm">
      ← All agents
    </Anchor>
  );
  if (agent.isPending) {
    return (
      <Stack gap="lg" role="status" aria-label="Loading the agent">
        {backLink}
        <Skeleton height={32} width="40%" />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (agent.isError) {
    // A malformed id in the link is as missing as an unknown one.
    const isMissing = agent.error instanceof ApiError && (agent.error.code === 'not_found' || agent.error.code === 'validation_failed');
    return (
      <Stack gap="lg">
        {backLink}
        <PageHeading title={isMissing ? 'Agent not found' : 'Agent'} />
        <LoadError title={isMissing ? 'There is no such agent' : 'Could not load the agent'} query={agent} message={isMissing ? 'It may have been deleted, or the link is wrong.' : undefined} />
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      {backLink}
      <Group justify="space-between" align="center">
        <PageHeading title={agent.data.name} />
        <Group gap="sm">
          <EditAgentButton agent={agent.data} />
          <StartCampaignButton agentId={agent.data.id} agentName={agent.data.name} />
        </Group>
      </Group>
      {created && <CreatedAgentNotice contacts={created} />}
      <AgentOverview agent={agent.data} />
      <AgentCampaigns agentId={agent.data.id} />
      <AgentContactsTable agentId={agent.data.id} total={agent.data.contactCounts.total} />
    </Stack>
  );
}
