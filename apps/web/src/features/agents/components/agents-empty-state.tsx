import { Button, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../../components/empty-state';
import { paths } from '../../../config/paths';

export function AgentsEmptyState() {
  return (
    <EmptyState title="Create your first agent">
      <Text>
        A voice agent calls the contacts you pick from your CRMs, with the voice, greeting and instructions you give it.
      </Text>
      <Button component={Link} to={paths.app.newAgent.getHref()} style={{ alignSelf: 'flex-start' }}>
        Create an agent
      </Button>
    </EmptyState>
  );
}
