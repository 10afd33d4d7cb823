import { Anchor, Center, Code, Stack, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router-dom';
import { PageHeading } from '../../components/page-heading';
import { paths } from '../../config/paths';

export function NotFoundRoute() {
  const { pathname } = useLocation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack maw={480} gap="md">
        <PageHeading title="Page not found" />
        <Text>
          There is no page at <Code>{pathname}</Code>. The address may be mistyped, or the page may have moved.
        </Text>
        <Anchor component={Link} to={paths.app.crm.getHref()}>
          Go to the CRM page
        </Anchor>
      </Stack>
    </Center>
  );
}
