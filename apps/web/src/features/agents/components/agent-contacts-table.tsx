import { Button, Checkbox, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useAgentContacts } from '../api/get-agent-contacts';
import { RemoveContactsDialog } from './remove-contacts-dialog';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { PagedSection } from '../../../components/paged-section';

/** The agent's contacts as they were selected, by name, a page at a time. */
export function AgentContactsTable({ agentId, total }: { agentId: string; total: number }) {
  const contacts = useAgentContacts(agentId);
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [isRemoving, setRemoving] = useState(false);
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const isAllShown = items.length > 0 && items.every((contact) => selected.has(contact.id));

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
      {selected.size > 0 && (
        <Group justify="space-between" mb="xs">
          <Text size="sm">{selected.size.toLocaleString('en')} selected</Text>
          <Button size="xs" color="red" variant="light" onClick={() => setRemoving(true)}>
            Remove from agent
          </Button>
        </Group>
      )}
      <RemoveContactsDialog
        agentId={agentId}
        contacts={items.filter((contact) => selected.has(contact.id))}
        isOpen={isRemoving}
        onClose={() => setRemoving(false)}
        onRemoved={() => setSelected(new Set())}
      />
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" striped>
          <Table.Caption>
            {items.length.toLocaleString('en')} of {total.toLocaleString('en')} contacts shown
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={40}>
                <Checkbox
                  aria-label="Select every contact shown"
                  checked={isAllShown}
                  indeterminate={selected.size > 0 && !isAllShown}
                  onChange={() => setSelected(isAllShown ? new Set() : new Set(items.map((contact) => contact.id)))}
                />
              </Table.Th>
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
                <Table.Td>
                  <Checkbox aria-label={`Select ${contact.fullName ?? contact.email ?? 'contact'}`} checked={selected.has(contact.id)} onChange={() => toggle(contact.id)} />
                </Table.Td>
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
