import { describe, expect, it } from 'vitest';
import type { TAuditEvent } from '@voiceagent/shared';
import { toAuditFilter } from './components/activity-log';
import { describeAuditDetails } from './labels';

const event = (details: Record<string, unknown>): TAuditEvent => ({
  id: '00000000-0000-4000-8000-000000000000',
  kind: 'crm_disconnected',
  outcome: 'success',
  platform: 'zoho',
  actor: 'user',
  ip: null,
  details,
  occurredAt: '2026-12-01T10:00:00.000Z',
});

describe('describeAuditDetails', () => {
  it('says in words what a disconnect did', () => {
    expect(describeAuditDetails(event({ revokedAtProvider: false, contactsDeleted: 1 }))).toBe('the CRM could not be reached to revoke access · 1 contact removed');
  });

  it('names a service key by its id and a failure by its code', () => {
    expect(describeAuditDetails(event({ keyId: 'api_key:0123456789ab' }))).toBe('key api_key:0123456789ab');
    expect(describeAuditDetails(event({ code: 'oauth_browser_mismatch' }))).toBe('reason: oauth_browser_mismatch');
    expect(describeAuditDetails(event({ reason: 'wrong_password' }))).toBe('wrong password');
  });
});

describe('describeAuditDetails of bulk operations', () => {
  it('names the operation, its size and its failures', () => {
    expect(describeAuditDetails(event({ jobId: 'x', operation: 'crm_update', total: 1204, failed: 3 }))).toBe('field update in the CRM · 1,204 contacts · 3 failed');
    expect(describeAuditDetails(event({ operation: 'agent_contacts_removed', contactsDeleted: 2 }))).toBe('2 contacts removed · removed from an agent');
  });
});

describe('toAuditFilter', () => {
  it('turns local days into a range from the first day’s start to the last day’s end', () => {
    const filter = toAuditFilter({ kind: 'sign_in', fromDay: '2026-03-01', toDay: '2026-03-02' });
    expect(filter.kind).toBe('sign_in');
    expect(new Date(filter.from!).getTime()).toBe(new Date('2026-03-01T00:00:00').getTime());
    expect(new Date(filter.to!).getTime()).toBe(new Date('2026-03-03T00:00:00').getTime());
  });

  it('drops an end before the start instead of asking for an empty range', () => {
    expect(toAuditFilter({ kind: null, fromDay: '2026-03-05', toDay: '2026-03-01' }).to).toBeNull();
  });
});
