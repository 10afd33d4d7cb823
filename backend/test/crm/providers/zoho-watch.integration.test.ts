import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSession, rejectionOf } from './provider-test-support';
import { startZohoHarness, type ZohoHarness } from './zoho-test-support';

// ZohoService's Notification API calls against the sandbox over HTTP, on a clock the test holds.
let h: ZohoHarness;
let clock = Date.UTC(2026, 2, 1, 12);
const HOUR = 3_600_000;

beforeAll(async () => {
  h = await startZohoHarness({ contactCount: 5, now: () => clock });
});
afterAll(() => h.sandbox.close());

// The harness's token carries the sandbox's default scopes; these calls need the notifications scope.
function sessionWith(scopes: string[]) {
  const minted = h.sandbox.admin.mintToken(h.orgId, { scopes, ttlSeconds: 30 * 86_400 });
  return createTestSession(h.session.connection, minted.access_token, async () => ({ accessToken: minted.access_token }));
}
const request = (channelId: string) => ({ channelId, token: 'secret', notifyUrl: 'https://voiceagent.example/api/v1/crm/zoho/notifications', expiresAt: new Date(clock + 23 * HOUR) });

describe('ZohoService change notifications (Watch API)', () => {
  it('registers a Contacts channel with our token and notify URL, moves its expiry, and stops it', async () => {
    const service = h.createService();
    const session = sessionWith(['ZohoCRM.modules.ALL', 'ZohoCRM.notifications.ALL']);
    expect(service.supportsChangeNotifications).toBe(true);
    expect(service.maxWatchLifetimeMs).toBe(23 * HOUR);

    const watched = await service.watchContacts(session, request('500000000000000001'));
    expect(watched).toEqual({ channelId: '500000000000000001', expiresAt: new Date(clock + 23 * HOUR) });
    expect(h.sandbox.admin.listWatchChannels(h.orgId)).toEqual([
      expect.objectContaining({ channel_id: '500000000000000001', token: 'secret', notify_url: request('x').notifyUrl, events: ['Contacts.create', 'Contacts.edit', 'Contacts.delete'] }),
    ]);

    clock += 22 * HOUR;
    const renewed = await service.renewWatch(session, { channelId: '500000000000000001', expiresAt: new Date(clock + 23 * HOUR) });
    expect(renewed).toEqual({ channelId: '500000000000000001', expiresAt: new Date(clock + 23 * HOUR) });

    await service.stopWatch(session, '500000000000000001');
    expect(h.sandbox.admin.listWatchChannels(h.orgId)).toEqual([]);
    // Stopping again, or renewing a channel Zoho no longer has, is not an error: renew says null.
    await expect(service.stopWatch(session, '500000000000000001')).resolves.toBeUndefined();
    await expect(service.renewWatch(session, { channelId: '500000000000000001', expiresAt: new Date(clock + HOUR) })).resolves.toBeNull();
  });

  it('tells a connection made without the notifications scope to reconnect (a 422 naming the scope, no refresh)', async () => {
    const session = sessionWith(['ZohoCRM.modules.ALL']);
    const error = await rejectionOf(h.createService().watchContacts(session, request('500000000000000002')));
    expect(error.code).toBe('provider_rejected');
    expect(error.message).toMatch(/ZohoCRM\.notifications\.ALL.*Reconnect/);
    expect(error.details).toMatchObject({ reason: 'missing_scope', requiredScope: 'ZohoCRM.notifications.ALL', providerCode: 'OAUTH_SCOPE_MISMATCH' });
    expect(session.refreshCalls).toEqual([]);
  });

  it('passes on Zoho’s refusal of a bad channel as provider_rejected with Zoho’s code', async () => {
    const session = sessionWith(['ZohoCRM.notifications.ALL']);
    const error = await rejectionOf(h.createService().watchContacts(session, { ...request('500000000000000003'), expiresAt: new Date(clock + 48 * HOUR) }));
    expect(error.code).toBe('provider_rejected');
    expect(error.details).toMatchObject({ providerCode: 'INVALID_DATA' });
    expect(error.message).toContain('channel_expiry');
  });
});
