import { Badge, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { PagedSection } from '../../../components/paged-section';
import { RelativeTime } from '../../../components/relative-time';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useAuditEvents, type AuditFilter } from '../api/get-audit-events';
import { AUDIT_ACTOR_LABELS, AUDIT_KIND_LABELS, describeAuditDetails } from '../labels';
import { ActivityFilters, type ActivityFilterInput } from './activity-filters';

/** Local calendar days → the instants the API takes: from the start of the first day to the end of the last. */
export function toAuditFilter(input: ActivityFilterInput): AuditFilter {
  const startOf = (day: string) => new Date(`${day}T00:00:00`);
  const from = input.fromDay ? startOf(input.fromDay) : null;
  const to = input.toDay ? startOf(input.toDay) : null;
  to?.setDate(to.getDate() + 1);
  const isBackwards = from !== null && to !== null && to <= from;
  return { kind: input.kind, from: from?.toISOString() ?? null, to: isBackwards ? null : (to?.toISOString() ?? null) };
}

/** The activity log: who signed in, connected or disconnected a CRM, acted for the person, or started large work. */
export function ActivityLog() {
  const [input, setInput] = useState<ActivityFilterInput>({ kind: null, fromDay: '', toDay: '' });
  const filter = toAuditFilter(input);
  const events = useAuditEvents(filter);
  const items = events.data?.pages.flatMap((page) => page.events) ?? [];
  const isFiltered = input.kind !== null || input.fromDay !== '' || input.toDay !== '';

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <ActivityFilters value={input} onChange={setInput} />
      </Paper>
      <PagedSection
        title="Activity"
        headingId="activity-heading"
        query={events}
        noun="activity"
        errorTitle="Could not load your activity"
        isEmpty={items.length === 0}
        empty={
          <EmptyState title={isFiltered ? 'Nothing matches these filters' : 'No activity yet'}>
            {isFiltered
              ? 'Try another kind of activity or a wider range of days.'
              : 'Sign-ins, CRM connections, services acting for you and the campaigns you start will be listed here.'}
          </EmptyState>
        }
      >
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm">
            <Table.Caption>Your account’s activity, newest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">CRM</Table.Th>
                <Table.Th scope="col">By</Table.Th>
                <Table.Th scope="col">Result</Table.Th>
                <Table.Th scope="col">Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>
                    <RelativeTime iso={event.occurredAt} />
                  </Table.Td>
                  <Table.Th scope="row" fw={500}>
                    {AUDIT_KIND_LABELS[event.kind]}
                  </Table.Th>
                  <Table.Td>{event.platform ? PLATFORM_LABELS[event.platform] : '—'}</Table.Td>
                  <Table.Td>{AUDIT_ACTOR_LABELS[event.actor]}</Table.Td>
                  <Table.Td>
                    {/* Dark labels keep 4.5:1 on the light badge, as the write-back badge does. */}
                    <Badge color={event.outcome === 'success' ? 'green' : 'red'} c={event.outcome === 'success' ? 'dark.7' : 'red.9'} variant="light" radius="sm">
                      {event.outcome === 'success' ? 'Succeeded' : 'Failed'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{describeAuditDetails(event) || '—'}</Text>
                    {event.ip && (
                      <Text size="xs" c="dimmed">
                        from {event.ip}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </PagedSection>
    </Stack>
  );
}
