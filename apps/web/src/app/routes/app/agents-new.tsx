import { Anchor, Stack } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import { PageHeading } from '../../../components/page-heading';
import { paths } from '../../../config/paths';
import { CreateAgent } from '../../../features/agents/components/create-agent';

/** /agents/new: the CreateAgent screen, under a way back to the list. */
export function NewAgentRoute() {
  const navigate = useNavigate();
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={paths.app.agents.getHref()} size="sm">
        ← All agents
      </Anchor>
      <PageHeading title="New agent" />
      <CreateAgent
        // What was left out is shown once, on the agent's page.
        onCreated={(created) => navigate(paths.app.agent.getHref(created.agent.id), { state: { created: created.contacts } })}
      />
    </Stack>
  );
}
