import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../../components/empty-state';
import { paths } from '../../../config/paths';

export function AgentsEmptyState() {
  return (
    <EmptyState title="No agents yet">
      <Text>
        Your voice agents will be listed here. Creating one — its name, voice, greeting and the contacts it calls —
        happens on this page.
      </Text>
      <Text>
        Agents call contacts from your CRMs, so the first step is on the{' '}
        <Anchor component={Link} to={paths.app.crm.getHref()}>
          CRM page
        </Anchor>
        .
      </Text>
    </EmptyState>
  );
}
