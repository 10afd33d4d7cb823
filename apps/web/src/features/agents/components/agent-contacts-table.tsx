import { Button, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useAgentContacts } from '../api/get-agent-contacts';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { LoadError } from '../../../components/load-error';

/** The agent's contacts as they were selected, by name, a page at a time. */
export function AgentContactsTable({ agentId, total }: { agentId: string; total: number }) {
  const contacts = useAgentContacts(agentId);
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="agent-contacts-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="agent-contacts-heading">
          Contacts to call
        </Title>
        {contacts.isPending ? (
          <Stack gap="sm" role="status" aria-label="Loading contacts">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} height={16} width={`${80 - i * 12}%`} />
            ))}
          </Stack>
        ) : contacts.isError && !contacts.data ? (
          <LoadError title="Could not load the contacts" query={contacts} />
        ) : items.length === 0 ? (
          <Text>This agent has no contacts to call: none of those selected had a valid phone number.</Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" striped>
                <Table.Caption>
                  {items.length.toLocaleString('en')} of {total.toLocaleString('en')} contacts shown
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Platform</Table.Th>
                    <Table.Th scope="col">Phone</Table.Th>
                    <Table.Th scope="col">Email</Table.Th>
                    <Table.Th scope="col">Company</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((contact) => (
                    <Table.Tr key={contact.id}>
                      <Table.Th scope="row" fw={500}>
                        {contact.fullName ?? contact.email ?? 'Unnamed contact'}
                      </Table.Th>
                      <Table.Td>{PLATFORM_LABELS[contact.platform]}</Table.Td>
                      <Table.Td>{contact.phoneE164}</Table.Td>
                      <Table.Td>{contact.email ?? ''}</Table.Td>
                      <Table.Td>{contact.company ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {contacts.isFetchNextPageError && (
              <Text size="sm" c="red.9" role="alert">
                Could not load more contacts. {contacts.error?.message}
              </Text>
            )}
            {contacts.hasNextPage && (
              <Button
                variant="default"
                onClick={() => void contacts.fetchNextPage()}
                loading={contacts.isFetchingNextPage}
                style={{ alignSelf: 'flex-start' }}
              >
                Show more contacts
              </Button>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
