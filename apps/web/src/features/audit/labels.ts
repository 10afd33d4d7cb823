import type { TAuditEvent, TAuditEventKind } from '@voiceagent/shared';

export const AUDIT_KIND_LABELS = {
  sign_in: 'Sign-in',
  crm_connected: 'CRM connected',
  crm_reconnected: 'CRM reconnected',
  crm_disconnected: 'CRM disconnected',
  crm_token_refresh_failed: 'CRM access could not be renewed',
  crm_needs_reauth: 'CRM needs reconnecting',
  service_token_used: 'A service acted for you',
  agent_created: 'Agent created',
  campaign_started: 'Campaign started',
  bulk_operation_started: 'Bulk operation started',
  bulk_operation_finished: 'Bulk operation finished',
  export_started: 'Export started',
} as const satisfies Record<TAuditEventKind, string>;

export const AUDIT_ACTOR_LABELS = { user: 'You', service: 'A service', system: 'VoiceAgent' } as const satisfies Record<TAuditEvent['actor'], string>;

const SIGN_IN_REFUSALS: Record<string, string> = {
  wrong_password: 'wrong password',
  locked: 'locked after too many failed attempts',
  banned: 'the account is banned',
};

const BULK_OPERATION_LABELS: Record<string, string> = {
  crm_update: 'field update in the CRM',
  crm_archive: 'archive in the CRM',
  agent_contacts_removed: 'removed from an agent',
};

const count = (value: unknown, noun: string) => (typeof value === 'number' ? `${value.toLocaleString('en')} ${noun}${value === 1 ? '' : 's'}` : null);

/** The few facts of an event a person wants to read, in words; ids stay out of the way. */
export function describeAuditDetails(event: TAuditEvent): string {
  const details = event.details;
  const parts: Array<string | null> = [];
  if (typeof details.code === 'string') parts.push(`reason: ${details.code}`);
  if (typeof details.reason === 'string') parts.push(SIGN_IN_REFUSALS[details.reason] ?? details.reason);
  if (typeof details.accountId === 'string') parts.push(`account ${details.accountId}`);
  if (details.previousGrantRevoked === true) parts.push('previous access revoked at the CRM');
  if (details.previousGrantRevoked === false) parts.push('previous access could not be revoked at the CRM');
  if (details.revokedAtProvider === true) parts.push('access revoked at the CRM');
  if (details.revokedAtProvider === false) parts.push('the CRM could not be reached to revoke access');
  parts.push(count(details.contactsDeleted, 'contact') && `${count(details.contactsDeleted, 'contact')} removed`);
  parts.push(count(details.contactsAdded, 'contact'));
  if (typeof details.keyId === 'string') parts.push(`key ${details.keyId}`);
  if (typeof details.operation === 'string') parts.push(BULK_OPERATION_LABELS[details.operation] ?? details.operation);
  if (typeof details.total === 'number') parts.push(count(details.total, 'contact'));
  if (typeof details.failed === 'number' && details.failed > 0) parts.push(`${details.failed.toLocaleString('en')} failed`);
  return parts.filter((part): part is string => Boolean(part)).join(' · ');
}
