import { Badge, Stack, Table, Text } from '@mantine/core';
import type { TCampaignContact } from '@voiceagent/shared';
import { useCampaign } from '../api/get-campaign';
import { CALL_STATUS_LABELS, formatDuration } from '../labels';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { WriteBackState } from './write-back-badge';
import { PagedSection } from '../../../components/paged-section';

// Light badges with text dark enough for small type (4.5:1 on their tint).
const CALL_STATUS_TONES = {
  completed: ['green', 'dark.7'],
  voicemail: ['gray', 'dark.6'],
  no_answer: ['gray', 'dark.6'],
  busy: ['gray', 'dark.6'],
  failed: ['red', 'red.9'],
} as const;

function CallOutcome({ call }: { call: TCampaignContact['lastCall'] }) {
  if (!call) return <Text size="sm" c="dimmed">Not called yet</Text>;
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={CALL_STATUS_TONES[call.status][0]} c={CALL_STATUS_TONES[call.status][1]} variant="light" radius="sm">
        {CALL_STATUS_LABELS[call.status]}
      </Badge>
      {call.outcome && <Text size="sm">{call.outcome}</Text>}
    </Stack>
  );
}

/** The campaign's contacts by name, with each one's latest call and its write-back; refreshed while results arrive. */
export function CampaignContactsTable({ campaignId, total }: { campaignId: string; total: number }) {
  const campaign = useCampaign(campaignId);
  const items = campaign.data?.pages.flatMap((page) => page.contacts.items) ?? [];

  return (
    <PagedSection
      title="Contacts"
      headingId="campaign-contacts-heading"
      query={campaign}
      noun="contacts"
      errorTitle="Could not load the contacts"
      isEmpty={items.length === 0}
      empty={<Text>This campaign has no contacts: the agent had none with a phone number to call.</Text>}
    >
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" striped>
          <Table.Caption>
            {items.length.toLocaleString('en')} of {total.toLocaleString('en')} contacts shown
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">CRM</Table.Th>
              <Table.Th scope="col">Phone</Table.Th>
              <Table.Th scope="col">Outcome</Table.Th>
              <Table.Th scope="col">Duration</Table.Th>
              <Table.Th scope="col">In the CRM</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((contact) => (
              <Table.Tr key={contact.id}>
                <Table.Th scope="row" fw={500}>
                  {contact.name ?? contact.email ?? 'Unnamed contact'}
                </Table.Th>
                <Table.Td>{PLATFORM_LABELS[contact.platform]}</Table.Td>
                <Table.Td>{contact.phoneE164}</Table.Td>
                <Table.Td>
                  <CallOutcome call={contact.lastCall} />
                </Table.Td>
                <Table.Td>{contact.lastCall ? formatDuration(contact.lastCall.durationSec) : '—'}</Table.Td>
                <Table.Td>
                  <WriteBackState writeBack={contact.writeBack} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </PagedSection>
  );
}
