import { Badge, Box, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { PLATFORMS, type TContact } from '@voiceagent/shared';
import type { CSSProperties, ReactNode } from 'react';
import { NotCallableBadge } from '../../../components/not-callable-badge';
import type { ContactColumn } from '../contact-columns';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import classes from './contact-row.module.css';
import { PlatformLogo } from './platform-logo';

/** Every row has this height: the virtual list positions rows without measuring them. */
export const CONTACT_ROW_HEIGHT = 68;

/** The class the list's scroller carries: rows lay out by its width. */
export const CONTACT_LIST_CLASS = classes.list;

const listFormat = new Intl.ListFormat('en', { type: 'disjunction' });

export function displayName(contact: TContact): string {
  return contact.fullName ?? contact.email ?? contact.phone ?? contact.mobilePhone ?? 'Unnamed contact';
}

/** A number a voice agent can dial first, else whatever the CRM holds. */
function displayPhone(contact: TContact): string | null {
  return contact.phoneE164 ?? contact.mobilePhoneE164 ?? contact.phone ?? contact.mobilePhone;
}

/** The platforms the same person may also be in; the API only says that they are in one of them. */
function otherPlatforms(contact: TContact): string[] {
  return PLATFORMS.filter((p) => p !== contact.platform).map((p) => PLATFORM_LABELS[p]);
}

/** "Also in Zoho CRM" with one other platform; with more the badge stays short and its title names them. */
function describeDuplicate(contact: TContact): { label: string; title: string } {
  const others = otherPlatforms(contact);
  const where = listFormat.format(others);
  return { label: others.length === 1 ? `Also in ${where}` : 'Also in another CRM', title: `The same email or phone number is in ${where}` };
}

/** What the column chooser decided: the list's own two columns, then a value column each. */
export type ContactRowColumns = { showDetails: boolean; showReach: boolean; values: readonly ContactColumn[] };

export const DEFAULT_ROW_COLUMNS: ContactRowColumns = { showDetails: true, showReach: true, values: [] };

/** The wide layout's grid tracks for these columns: the name takes the most room, each value a share. */
export function toWideTracks({ showReach, values }: ContactRowColumns): string {
  return ['24px', 'minmax(0, 5fr)', ...(showReach ? ['minmax(0, 4fr)'] : []), ...values.map(() => 'minmax(0, 3fr)'), '15rem'].join(' ');
}

type ContactRowProps = { contact: TContact; columns?: ContactRowColumns; onOpen?: (contact: TContact) => void; actions?: ReactNode };

export function ContactRow({ contact, columns = DEFAULT_ROW_COLUMNS, onOpen, actions }: ContactRowProps) {
  const details = [contact.jobTitle, contact.company].filter(Boolean).join(' · ');
  const phone = displayPhone(contact);
  const style = { '--wide-tracks': toWideTracks(columns) } as CSSProperties;
  return (
    // The whole row opens the contact for a pointer; the name is the button for the keyboard.
    <Box className={classes.row} h={CONTACT_ROW_HEIGHT} style={style} onClick={onOpen ? () => onOpen(contact) : undefined}>
      <span>
        <PlatformLogo platform={contact.platform} size={24} />
        <VisuallyHidden>{PLATFORM_LABELS[contact.platform]}:</VisuallyHidden>
      </span>
      <Stack gap={2} miw={0}>
        {onOpen ? (
          <UnstyledButton
            className={classes.name}
            onClick={(event) => {
              event.stopPropagation();
              onOpen(contact);
            }}
          >
            <Text fw={600} truncate="end">
              {displayName(contact)}
            </Text>
          </UnstyledButton>
        ) : (
          <Text fw={600} truncate="end">
            {displayName(contact)}
          </Text>
        )}
        <Text size="sm" c="dimmed" truncate="end" className={classes.details}>
          {(columns.showDetails && details) || '\u00a0'}
        </Text>
        <Text size="sm" c="dimmed" truncate="end" className={classes.reachInline}>
          {phone ?? contact.email ?? 'No phone number'}
        </Text>
      </Stack>
      {columns.showReach && (
        <Stack gap={2} miw={0} className={classes.reach}>
          <Text size="sm" truncate="end">
            {contact.email ?? '\u00a0'}
          </Text>
          <Text size="sm" c={contact.isCallable ? undefined : 'dimmed'} truncate="end">
            {phone ?? 'No phone number'}
          </Text>
        </Stack>
      )}
      {columns.values.map((column) => {
        const value = column.read?.(contact) ?? null;
        return (
          // Each cell names its column: the rows are a list, not a table with a header.
          <Stack key={column.id} gap={0} miw={0} className={classes.extra} data-column={column.id}>
            <Text size="xs" c="gray.7" truncate="end">
              {column.label}
            </Text>
            <Text size="sm" truncate="end" c={value === null ? 'gray.6' : undefined} title={value ?? undefined}>
              {value ?? '—'}
            </Text>
          </Stack>
        );
      })}
      <div className={classes.flags}>
        {contact.objectType === 'lead' && (
          <Badge variant="light" color="cyan" c="dark.7" title={`A ${PLATFORM_LABELS[contact.platform]} lead, not yet converted to a contact`}>
            Lead
          </Badge>
        )}
        {contact.duplicateGroup && (
          <Badge variant="outline" color="violet.9" title={describeDuplicate(contact).title}>
            {describeDuplicate(contact).label}
          </Badge>
        )}
        <NotCallableBadge contact={contact} />
        {actions && (
          // A click on an action is not a click on the row.
          <span onClick={(event) => event.stopPropagation()}>{actions}</span>
        )}
      </div>
    </Box>
  );
}
