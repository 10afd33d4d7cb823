import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TApiError, TCrmCredentialsResponse, TCrmSettingsResponse } from '@voiceagent/shared';
import type { TestUser } from '../../support/test-users';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from './sync-testbed';

/**
 * PATCH /api/v1/crm/:platform/settings: a connection's phone region. Numbers a CRM holds in
 * national format are not callable until read in the right region; changing it re-reads them.
 */
let testbed: SyncTestbed;

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 60, zohoContacts: 0 });
}, 60_000);
afterAll(async () => {
  await testbed?.close();
});

function patchSettings(user: TestUser, platform: string, body: unknown): Promise<Response> {
  return testbed.api(user, `/crm/${platform}/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The stored E.164 of the contact's phone and mobile (null: not callable). */
async function phoneOf(userId: string, externalId: string): Promise<{ phone_e164: string | null; mobile_phone_e164: string | null } | undefined> {
  const { rows } = await testbed.product.pool.query<{ phone_e164: string | null; mobile_phone_e164: string | null }>(
    `select phone_e164, mobile_phone_e164 from crm_contacts where user_id = $1 and platform = 'hubspot' and external_id = $2`,
    [userId, externalId],
  );
  return rows[0];
}

describe('PATCH /api/v1/crm/:platform/settings', () => {
  it('reads national numbers in the new region after the full sync it starts, and back in the default after null', async () => {
    const user = await testbed.signUp();
    await testbed.connect(user, 'hubspot');
    await waitForFirstSync(testbed, user, 'hubspot');
    // A Berlin number written the German way, on a contact with no country: not a valid US number.
    const [berliner] = testbed.hubspot.admin.modifyContacts(testbed.portalId, { count: 1, properties: { phone: '030 2345678', mobilephone: null, country: null } }).ids;
    const sync = await testbed.api(user, '/crm/hubspot/sync', { method: 'POST' });
    await testbed.waitForRun(user, ((await sync.json()) as { runId: string }).runId);
    expect(await phoneOf(user.id, berliner!)).toEqual({ phone_e164: null, mobile_phone_e164: null });

    const listed = (await (await testbed.api(user, '/crm/credentials')).json()) as TCrmCredentialsResponse;
    expect(listed.serverDefaultPhoneRegion).toBe('US');
    expect(listed.connections[0]!.defaultPhoneRegion).toBeNull();

    const res = await patchSettings(user, 'hubspot', { defaultPhoneRegion: 'DE' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TCrmSettingsResponse;
    expect(body.connection).toMatchObject({ platform: 'hubspot', defaultPhoneRegion: 'DE' });
    expect(body.resync).toEqual({ runId: expect.any(String), alreadyRunning: false });
    expect(await testbed.waitForRun(user, body.resync!.runId)).toMatchObject({ kind: 'full', status: 'succeeded' });
    expect(await phoneOf(user.id, berliner!)).toEqual({ phone_e164: '+49302345678', mobile_phone_e164: null });

    // The same region again changes nothing and starts nothing.
    const same = (await (await patchSettings(user, 'hubspot', { defaultPhoneRegion: 'DE' })).json()) as TCrmSettingsResponse;
    expect(same.resync).toBeNull();

    const reset = (await (await patchSettings(user, 'hubspot', { defaultPhoneRegion: null })).json()) as TCrmSettingsResponse;
    expect(reset.connection.defaultPhoneRegion).toBeNull();
    await testbed.waitForRun(user, reset.resync!.runId);
    expect(await phoneOf(user.id, berliner!)).toEqual({ phone_e164: null, mobile_phone_e164: null });
  }, 90_000);

  it('refuses an unknown region, a bad platform and extra fields with a 400 naming them', async () => {
    const user = await testbed.signUp();
    await testbed.connect(user, 'hubspot');
    const cases: [string, unknown, string][] = [
      ['hubspot', { defaultPhoneRegion: 'ZZ' }, 'defaultPhoneRegion'],
      ['hubspot', { defaultPhoneRegion: 'de' }, 'defaultPhoneRegion'],
      ['hubspot', {}, 'defaultPhoneRegion'],
      ['hubspot', { defaultPhoneRegion: 'DE', extra: 1 }, 'extra'],
      ['pipedrive', { defaultPhoneRegion: 'DE' }, 'platform'],
    ];
    for (const [platform, body, field] of cases) {
      const res = await patchSettings(user, platform, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(((await res.json()) as TApiError).error)).toContain(field);
    }
    const listed = (await (await testbed.api(user, '/crm/credentials')).json()) as TCrmCredentialsResponse;
    expect(listed.connections[0]!.defaultPhoneRegion).toBeNull();
  });

  it("answers 404 crm_not_connected for a platform not connected, and never touches another user's connection", async () => {
    const owner = await testbed.signUp();
    await testbed.connect(owner, 'hubspot');
    const other = await testbed.signUp();
    const res = await patchSettings(other, 'hubspot', { defaultPhoneRegion: 'FR' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as TApiError).error.code).toBe('crm_not_connected');
    const { rows } = await testbed.product.pool.query<{ default_phone_region: string | null }>(
      `select default_phone_region from user_crm_credentials where user_id = $1 and platform = 'hubspot'`,
      [owner.id],
    );
    expect(rows[0]!.default_phone_region).toBeNull();
  });
});
