import { Table, Text } from '@mantine/core';
import { useAgentContacts } from '../api/get-agent-contacts';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { PagedSection } from '../../../components/paged-section';

/** The agent's contacts as they were selected, by name, a page at a time. */
export function AgentContactsTable({ agentId, total }: { agentId: string; total: number }) {
  const contacts = useAgentContacts(agentId);
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <PagedSection
      title="Contacts to call"
      headingId="agent-contacts-heading"
      query={contacts}
      noun="contacts"
      errorTitle="Could not load the contacts"
      isEmpty={items.length === 0}
      empty={<Text>This agent has no contacts to call: none of those selected had a valid phone number.</Text>}
    >
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
    </PagedSection>
  );
}
