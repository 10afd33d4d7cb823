// jsforce, Salesforce's community-standard Node client, drives the sandbox: if it reads and writes
// here as it does against a real org, the sandbox speaks Salesforce's protocol, not our idea of it.
import { Connection, OAuth2 } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, REDIRECT_URI, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let conn: Connection;
beforeAll(async () => {
  h = await startHarness({ orgs: [{ name: 'Acme Corp', contactCount: 4500, leadCount: 1500, seed: 21 }] });
  const token = h.admin.mintToken(h.orgs[0]!.id).access_token;
  conn = new Connection({ instanceUrl: h.orgs[0]!.instanceUrl, accessToken: token, version: '62.0' });
});
afterAll(async () => {
  await h.close();
});

describe('jsforce against the Salesforce sandbox', () => {
  it('connects through the OAuth2 web server flow with PKCE (jsforce OAuth2, code exchange)', async () => {
    const oauth2 = new OAuth2({ loginUrl: h.loginUrl, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: REDIRECT_URI, useVerifier: true });
    const authUrl = new URL(oauth2.getAuthorizationUrl({ scope: 'api refresh_token', state: 'jsforce-state' }));
    // The browser's part: show the consent page and press Allow.
    const page = await fetch(authUrl, { redirect: 'manual' });
    const html = await page.text();
    const form = new URLSearchParams({ request_id: /name="request_id" value="([^"]+)"/.exec(html)![1]!, account: /name="account" value="([^"]+)"/.exec(html)![1]!, decision: 'allow' });
    const posted = await fetch(`${h.loginUrl}/services/oauth2/authorize`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    const callback = new URL(posted.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe('jsforce-state');

    const oauthConn = new Connection({ oauth2, version: '62.0' });
    const userInfo = await oauthConn.authorize(callback.searchParams.get('code')!);
    expect(userInfo).toMatchObject({ id: h.orgs[0]!.users[0]!.id, organizationId: h.orgs[0]!.id });
    expect(oauthConn.instanceUrl).toBe(h.orgs[0]!.instanceUrl);
    expect(oauthConn.refreshToken).toMatch(/^5Aep861/);
    const identity = await oauthConn.identity();
    expect(identity).toMatchObject({ user_id: h.orgs[0]!.users[0]!.id, organization_id: h.orgs[0]!.id });
    // jsforce refreshes with the refresh token when asked.
    const refreshed = await oauth2.refreshToken(oauthConn.refreshToken!);
    expect(refreshed.access_token).not.toBe(oauthConn.accessToken);
  });

  it('reads every page of a query with autoFetch, following nextRecordsUrl', async () => {
    const expected = (await conn.query('SELECT COUNT() FROM Contact')).totalSize;
    const result = await conn.query<{ Id: string; LastName: string }>('SELECT Id, LastName, Account.Name FROM Contact ORDER BY SystemModstamp, Id').run({ autoFetch: true, maxFetch: 100_000 });
    expect(expected).toBeGreaterThan(4000);
    expect(result.totalSize).toBe(expected);
    expect(result.records).toHaveLength(expected);
    expect(new Set(result.records.map((record: { Id: string }) => record.Id)).size).toBe(expected);
    // maxFetch stops early, as against a real org.
    const capped = await conn.query('SELECT Id FROM Contact').run({ autoFetch: true, maxFetch: 2500 });
    expect(capped.records).toHaveLength(2500);
  });

  it('creates, retrieves, updates and destroys a Contact through conn.sobject', async () => {
    const created = await conn.sobject('Contact').create({ FirstName: 'Grace', LastName: 'Hopper', Email: 'grace.hopper@navy.example.com' });
    expect(created).toMatchObject({ success: true, id: expect.stringMatching(/^003/) });
    const id = (created as { id: string }).id;
    const retrieved = await conn.sobject('Contact').retrieve(id);
    expect(retrieved).toMatchObject({ Id: id, LastName: 'Hopper', Email: 'grace.hopper@navy.example.com' });
    const updated = await conn.sobject('Contact').update({ Id: id, Title: 'Rear Admiral' });
    expect(updated).toMatchObject({ success: true, id });
    expect(await conn.sobject('Contact').retrieve(id)).toMatchObject({ Title: 'Rear Admiral' });
    const destroyed = await conn.sobject('Contact').destroy(id);
    expect(destroyed).toMatchObject({ success: true, id });
    await expect(conn.sobject('Contact').retrieve(id)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    await expect(conn.sobject('Contact').destroy(id)).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
  });

  it('surfaces Salesforce error codes through jsforce (duplicate, bad SOQL)', async () => {
    const existing = (await conn.query<{ Email: string }>('SELECT Email FROM Contact WHERE Email != null LIMIT 1')).records[0]!;
    await expect(conn.sobject('Contact').create({ LastName: 'Dup', Email: existing.Email })).rejects.toMatchObject({ errorCode: 'DUPLICATES_DETECTED' });
    await expect(conn.query('SELECT Nope FROM Contact')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('reads every record of a Bulk API 2.0 query job', async () => {
    conn.bulk2.pollInterval = 20;
    const expected = (await conn.query('SELECT COUNT() FROM Lead')).totalSize;
    const stream = await conn.bulk2.query('SELECT Id, FirstName, LastName, Company, Email, IsConverted, SystemModstamp FROM Lead');
    const records = (await stream.toArray()) as Record<string, string>[];
    expect(records).toHaveLength(expected);
    expect(new Set(records.map((record) => record.Id)).size).toBe(expected);
    expect(records[0]).toEqual({ Id: expect.stringMatching(/^00Q/), FirstName: expect.any(String), LastName: expect.any(String), Company: expect.any(String), Email: expect.any(String), IsConverted: expect.stringMatching(/^(true|false)$/), SystemModstamp: expect.stringMatching(/Z$/) });
  });

  it('describes Lead', async () => {
    const describe = await conn.sobject('Lead').describe();
    expect(describe.name).toBe('Lead');
    expect(describe.fields.map((field: { name: string }) => field.name)).toEqual(expect.arrayContaining(['Id', 'LastName', 'Company', 'IsConverted', 'ConvertedContactId', 'SystemModstamp']));
  });
});
