import { Badge, Drawer, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import {
  CUSTOM_FIELD_TEXT_MAX,
  STANDARD_CONTACT_FIELD_NAMES,
  STANDARD_CONTACT_FIELDS,
  type TContact,
  type TCustomFieldValue,
  type TFieldMapping,
} from '@voiceagent/shared';
import type { ReactNode } from 'react';
import { LoadError } from '../../../components/load-error';
import { OBJECT_TYPE_LABELS } from '../../../config/object-types';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useContact } from '../api/get-contact';
import { useFieldMappings } from '../api/get-field-mappings';
import { findCustomMapping } from '../contact-columns';
import { formatFieldValue, isTruncatedValue } from '../field-values';
import { displayName } from './contact-row';

type ContactDrawerProps = {
  /** The contact as the list had it: shown at once, then replaced by a fresh read. */
  contact: TContact | null;
  onClose: () => void;
};

/** A contact's every synced field, standard then custom, with the CRM's labels and values formatted by type. */
export function ContactDrawer({ contact, onClose }: ContactDrawerProps) {
  return (
    <Drawer
      opened={contact !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={contact ? displayName(contact) : 'Contact'}
      styles={{ title: { fontSize: 'var(--mantine-h3-font-size)', fontWeight: 700 } }}
    >
      {contact && <ContactDetails listed={contact} />}
    </Drawer>
  );
}

function ContactDetails({ listed }: { listed: TContact }) {
  const fresh = useContact(listed.id);
  const mappings = useFieldMappings(listed.platform);
  if (fresh.isError && fresh.error) return <LoadError title="Could not load this contact" query={fresh} />;
  const contact = fresh.data ?? listed;
  const forObject = (mappings.data?.mappings ?? []).filter((m) => m.objectType === contact.objectType);
  const standardMapping = (name: string) => forObject.find((m) => m.target.kind === 'standard' && m.target.field === name);
  const customKeys = [...new Set([...forObject.flatMap((m) => (m.target.kind === 'custom' ? [m.target.key] : [])), ...Object.keys(contact.customFields)])];

  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Badge variant="light" color="gray" c="dark.7">
          {PLATFORM_LABELS[contact.platform]} {OBJECT_TYPE_LABELS[contact.objectType].one}
        </Badge>
        <Text size="sm" c="dimmed" ff="monospace">
          {contact.externalId}
        </Text>
      </Group>
      <FieldGroup title="Standard">
        <FieldRow label="Email" value={contact.email} />
        <FieldRow label="Phone" value={contact.phone} hint={contact.phoneE164 && contact.phoneE164 !== contact.phone ? contact.phoneE164 : undefined} />
        <FieldRow label="Mobile" value={contact.mobilePhone} hint={contact.mobilePhoneE164 && contact.mobilePhoneE164 !== contact.mobilePhone ? contact.mobilePhoneE164 : undefined} />
        <FieldRow label="Company" value={contact.company} />
        <FieldRow label="Job title" value={contact.jobTitle} />
        <FieldRow label="Lifecycle stage" value={contact.lifecycleStage} />
        <FieldRow label="Lead status" value={contact.leadStatus} />
        <FieldRow label="Updated in CRM" value={contact.crmUpdatedAt ? formatFieldValue(contact.crmUpdatedAt, { type: 'datetime', options: [] }) : null} />
        {STANDARD_CONTACT_FIELD_NAMES.map((name) => {
          const mapping = standardMapping(name);
          const value = contact.standardFields[name];
          return (
            <FieldRow
              key={name}
              label={STANDARD_CONTACT_FIELDS[name].label}
              hint={mapping ? `${PLATFORM_LABELS[contact.platform]}: ${mapping.label || mapping.field}` : mappings.data ? 'Not mapped' : undefined}
              value={value === null ? null : typeof value === 'boolean' ? (value ? 'Yes' : 'No') : formatFieldValue(value, mapping)}
              issue={contact.fieldIssues[name]}
              isBroken={mapping?.status === 'broken'}
            />
          );
        })}
      </FieldGroup>
      <FieldGroup title="Custom">
        {mappings.isPending && customKeys.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={2}>
              <Skeleton height={14} />
            </Table.Td>
          </Table.Tr>
        )}
        {!mappings.isPending && customKeys.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={2}>
              <Text size="sm" c="dimmed">
                No custom fields are synced from {PLATFORM_LABELS[contact.platform]}. Choose them with Fields on its card.
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
        {customKeys.map((key) => {
          const mapping = findCustomMapping(forObject, key, contact.objectType);
          return <CustomFieldRow key={key} fieldKey={key} mapping={mapping} value={contact.customFields[key]} issue={contact.fieldIssues[key]} />;
        })}
      </FieldGroup>
      {mappings.isError && (
        <Text size="sm" c="dimmed">
          The CRM's labels could not be read; fields are named by their keys.
        </Text>
      )}
    </Stack>
  );
}

function FieldGroup({ title, children }: { title: string; children: ReactNode }) {
  const id = `contact-fields-${title.toLowerCase()}`;
  return (
    <Stack gap={6} component="section" aria-labelledby={id}>
      <Title order={3} size="h5" id={id}>
        {title}
      </Title>
      <Table variant="vertical" layout="fixed" withTableBorder verticalSpacing={6} aria-labelledby={id}>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Stack>
  );
}

type FieldRowProps = { label: string; value: string | null; hint?: string; issue?: string; isBroken?: boolean; isTruncated?: boolean };

function FieldRow({ label, value, hint, issue, isBroken = false, isTruncated = false }: FieldRowProps) {
  return (
    <Table.Tr>
      <Table.Th w="38%" style={{ verticalAlign: 'top' }}>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        {hint && (
          <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
            {hint}
          </Text>
        )}
      </Table.Th>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Stack gap={4}>
          <Text size="sm" c={value === null ? 'gray.6' : undefined} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {value ?? '—'}
          </Text>
          {(issue || isBroken || isTruncated) && (
            <Group gap={4}>
              {issue && (
                <Badge variant="light" color="orange" c="dark.7" size="sm">
                  ⚠ Invalid value
                </Badge>
              )}
              {isTruncated && (
                <Badge variant="outline" color="gray.8" size="sm" title={`Cut at ${CUSTOM_FIELD_TEXT_MAX.toLocaleString('en')} characters; the CRM holds the whole text`}>
                  Truncated
                </Badge>
              )}
              {isBroken && (
                <Badge variant="outline" color="orange.9" size="sm" title="The CRM no longer has this field; the value is the last one synced">
                  Field no longer in CRM
                </Badge>
              )}
            </Group>
          )}
          {issue && (
            <Text size="xs" c="orange.9">
              {issue}
            </Text>
          )}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

type CustomFieldRowProps = { fieldKey: string; mapping: TFieldMapping | undefined; value: TCustomFieldValue | undefined; issue: string | undefined };

function CustomFieldRow({ fieldKey, mapping, value, issue }: CustomFieldRowProps) {
  // A value kept raw (it did not fit the type) is shown as the CRM sent it.
  const text = value === undefined ? null : issue ? (Array.isArray(value) ? value.join(', ') : String(value)) : formatFieldValue(value, mapping);
  return (
    <FieldRow
      label={mapping?.label || fieldKey}
      hint={mapping && mapping.field !== fieldKey ? `custom.${fieldKey} · ${mapping.field}` : `custom.${fieldKey}`}
      value={text}
      issue={issue}
      isBroken={mapping?.status === 'broken'}
      isTruncated={isTruncatedValue(value)}
    />
  );
}
