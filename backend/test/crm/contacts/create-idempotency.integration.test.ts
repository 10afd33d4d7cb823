import { describe, expect, it } from 'vitest';
import type { TPlatform } from '@voiceagent/shared';
import { hashRequest } from '../../../src/http/idempotency/idempotency-keys';
import { signUpConnectedUser } from '../../support/run-mode-sandboxes';
import type { TestUser } from '../../support/test-users';
import { CREATE_PATH, DOWN_STATUS, PLATFORMS, useContactWritesTestbed, type TestedPlatform } from './contact-writes-testbed';

/**
 * Idempotency-Key on POST /api/v1/crm/:platform/contacts, against the sandboxes over HTTP: what
 * reaches the CRM is counted by the sandbox, and what it holds is read back through its own API.
 */
const testbed = useContactWritesTestbed();
const { addFault, localContactCount } = testbed;
const post = (user: TestUser, path: string, body: unknown, key?: string) => testbed.post(user, path, body, key === undefined ? {} : { 'idempotency-key': key });
const createRequests = (platform: TestedPlatform) => testbed.requestsTo(platform, CREATE_PATH[platform]);

/** How many contacts the sandbox holds with this email, read page by page through its API. */
async function countAtSandbox(user: TestUser, platform: TPlatform, email: string): Promise<number> {
  const get = await testbed.sandboxReader(user, platform);
  const emails: string[] = [];
  if (platform === 'hubspot') {
    let after: string | undefined;
    do {
      const page = (await get(`/crm/v3/objects/contacts?limit=100&properties=email${after ? `&after=${after}` : ''}`)) as {
        results: Array<{ properties: { email?: string | null } }>;
        paging?: { next?: { after: string } };
      };
      emails.push(...page.results.map((r) => r.properties.email ?? ''));
      after = page.paging?.next?.after;
    } while (after);
  } else if (platform === 'salesforce') {
    const soql = `SELECT Email FROM Contact WHERE Email = '${email.toLowerCase()}'`;
    const body = (await get(`/services/data/v62.0/query?q=${encodeURIComponent(soql)}`)) as { records: Array<{ Email: string | null }> };
    emails.push(...body.records.map((r) => r.Email ?? ''));
  } else {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = (await get(`/crm/v8/Contacts?fields=Email&per_page=200&page=${pageNumber}`)) as { data: Array<{ Email?: string | null }>; info: { more_records: boolean } };
      emails.push(...page.data.map((r) => r.Email ?? ''));
      if (!page.info.more_records) break;
    }
  }
  return emails.filter((candidate) => candidate.toLowerCase() === email.toLowerCase()).length;
}

const unique = () => crypto.randomUUID();
const newBody = (name: string) => ({ lastName: name, email: `${name.toLowerCase()}.${unique().slice(0, 8)}@example.com` });

describe('POST /api/v1/crm/:platform/contacts with an Idempotency-Key', () => {
  it.each(PLATFORMS)('creates once in %s and replays the first response to a retry', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const key = unique();
    const body = newBody('Retried');
    const before = await createRequests(platform);

    const first = await post(user, `/crm/${platform}/contacts`, body, key);
    const retry = await post(user, `/crm/${platform}/contacts`, body, key);

    expect(first).toMatchObject({ status: 201, isReplay: false });
    expect(retry).toEqual({ status: 201, body: first.body, isReplay: true });
    expect(await createRequests(platform)).toBe(before + 1);
    expect(await countAtSandbox(user, platform, body.email)).toBe(1);
    expect(await localContactCount(user.id)).toBe(1);
  });

  it('treats the same body with its fields in another order as the same request', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const key = unique();
    const { lastName, email } = newBody('Reordered');

    const first = await post(user, '/crm/hubspot/contacts', { lastName, email }, key);
    const retry = await post(user, '/crm/hubspot/contacts', { email, lastName }, key);

    expect(retry).toEqual({ status: 201, body: first.body, isReplay: true });
  });

  it('refuses the key with another body: 422 idempotency_key_reused, nothing sent', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const key = unique();
    expect((await post(user, '/crm/hubspot/contacts', newBody('First'), key)).status).toBe(201);
    const before = await createRequests('hubspot');

    const other = await post(user, '/crm/hubspot/contacts', newBody('Second'), key);

    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', details: { header: 'Idempotency-Key' } });
    expect(await createRequests('hubspot')).toBe(before);
    expect(await localContactCount(user.id)).toBe(1);
  });

  it('refuses the key on another platform or endpoint with the same body', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot', 'zoho');
    const key = unique();
    const body = newBody('Elsewhere');
    expect((await post(user, '/crm/hubspot/contacts', body, key)).status).toBe(201);

    expect((await post(user, '/crm/zoho/contacts', body, key)).body.error?.code).toBe('idempotency_key_reused');
    expect((await post(user, '/crm/hubspot/contacts/batch', { contacts: [body] }, key)).body.error?.code).toBe('idempotency_key_reused');
  });

  it.each(PLATFORMS)('lets two concurrent requests with one key reach %s once', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const key = unique();
    const body = newBody('Concurrent');
    // The first create is held up at the CRM, so the second request arrives while it runs.
    await addFault(platform, { kind: 'latency', latencyMs: 1_000, count: 1 });
    const before = await createRequests(platform);

    const answers = await Promise.all([post(user, `/crm/${platform}/contacts`, body, key), post(user, `/crm/${platform}/contacts`, body, key)]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const created = answers.find((answer) => answer.status === 201)!;
    expect(answers.find((answer) => answer.status === 409)!.body.error!.code).toBe('idempotency_in_progress');
    expect(await createRequests(platform)).toBe(before + 1);
    expect(await countAtSandbox(user, platform, body.email)).toBe(1);
    // Once the first is done, the retry gets its response.
    expect(await post(user, `/crm/${platform}/contacts`, body, key)).toEqual({ status: 201, body: created.body, isReplay: true });
  });

  it('saves a duplicate verdict: the retry gets the same 409 without asking the CRM again', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'zoho');
    const body = newBody('Twice');
    expect((await post(user, '/crm/zoho/contacts', body)).status).toBe(201);
    const key = unique();

    const first = await post(user, '/crm/zoho/contacts', body, key);
    const before = await createRequests('zoho');
    const retry = await post(user, '/crm/zoho/contacts', body, key);

    expect(first.status).toBe(409);
    expect(first.body.error!.code).toBe('crm_duplicate');
    expect(retry).toEqual({ status: 409, body: first.body, isReplay: true });
    expect(await createRequests('zoho')).toBe(before);
  });

  it.each(PLATFORMS)('frees the key when %s is down, so the retry with it creates the contact', async (platform) => {
    const user = await signUpConnectedUser(testbed.product(), platform);
    const key = unique();
    const body = newBody('Recovered');
    await addFault(platform, { kind: 'status', status: DOWN_STATUS[platform] });

    const failed = await post(user, `/crm/${platform}/contacts`, body, key);
    expect(failed.status).toBe(502);
    expect(failed.body.error!.code).toBe('provider_unavailable');
    expect(await localContactCount(user.id)).toBe(0);

    await testbed.clearFaults(platform);
    const retried = await post(user, `/crm/${platform}/contacts`, body, key);
    expect(retried).toMatchObject({ status: 201, isReplay: false });
    expect(await countAtSandbox(user, platform, body.email)).toBe(1);
    expect(await post(user, `/crm/${platform}/contacts`, body, key)).toEqual({ status: 201, body: retried.body, isReplay: true });
  });

  it('keeps keys per user: B using A\'s key gets a request of its own, and never sees A\'s saved response', async () => {
    const [alice, bob] = [await signUpConnectedUser(testbed.product(), 'hubspot'), await signUpConnectedUser(testbed.product(), 'hubspot')];
    const key = unique();
    const aliceAnswer = await post(alice, '/crm/hubspot/contacts', newBody('Alice'), key);
    expect(aliceAnswer.status).toBe(201);

    const bobAnswer = await post(bob, '/crm/hubspot/contacts', newBody('Bob'), key);

    expect(bobAnswer).toMatchObject({ status: 201, isReplay: false, body: { lastName: 'Bob' } });
    expect(bobAnswer.body.id).not.toBe(aliceAnswer.body.id);
    // The key is stored once per user, each row with its own user's response (users cannot read
    // the table themselves: the server alone writes and replays it, migration 0110).
    const { rows } = await testbed
      .product()
      .pool.query<{ user_id: string; response_body: { id: string } }>('select user_id, response_body from idempotency_keys where key = $1', [key]);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        { user_id: alice.id, response_body: expect.objectContaining({ id: aliceAnswer.body.id }) },
        { user_id: bob.id, response_body: expect.objectContaining({ id: bobAnswer.body.id }) },
      ]),
    );
  });

  it('lets a key expire after 24 hours: then it is a new request', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const key = unique();
    expect((await post(user, '/crm/hubspot/contacts', newBody('Yesterday'), key)).status).toBe(201);
    expect((await post(user, '/crm/hubspot/contacts', newBody('Today'), key)).status).toBe(422);
    await testbed.product().pool.query(`update idempotency_keys set created_at = now() - interval '24 hours 1 minute' where user_id = $1`, [user.id]);

    const today = await post(user, '/crm/hubspot/contacts', newBody('Today'), key);

    expect(today).toMatchObject({ status: 201, isReplay: false, body: { lastName: 'Today' } });
    expect(await localContactCount(user.id)).toBe(2);
  });

  it('answers 409 idempotency_in_progress to a claim in progress, and takes over one abandoned for 10 minutes', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const body = newBody('Abandoned');
    const key = unique();
    // What a process that died mid-request leaves behind: a claim and no response.
    await testbed.product().pool.query(`insert into idempotency_keys (user_id, key, request_hash) values ($1, $2, $3)`, [user.id, key, hashRequest('POST /crm/hubspot/contacts', body)]);

    const running = await post(user, '/crm/hubspot/contacts', body, key);
    expect(running.status).toBe(409);
    expect(running.body.error!.code).toBe('idempotency_in_progress');

    await testbed.product().pool.query(`update idempotency_keys set created_at = now() - interval '11 minutes' where user_id = $1`, [user.id]);
    const takenOver = await post(user, '/crm/hubspot/contacts', body, key);
    expect(takenOver).toMatchObject({ status: 201, isReplay: false });
    expect(await countAtSandbox(user, 'hubspot', body.email)).toBe(1);
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['empty', ''],
    ['not ASCII', 'clé-1'],
  ])('refuses a key %s with 400 naming the header, before anything else', async (_label, key) => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const before = await createRequests('hubspot');

    const res = await post(user, '/crm/hubspot/contacts', newBody('Header'), key);

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('Idempotency-Key'), details: { issues: [{ field: 'Idempotency-Key' }] } });
    expect(await createRequests('hubspot')).toBe(before);
  });

  it('does not spend the key on an invalid body: the corrected retry with it goes through', async () => {
    const user = await signUpConnectedUser(testbed.product(), 'hubspot');
    const key = unique();
    const body = newBody('Corrected');
    expect((await post(user, '/crm/hubspot/contacts', { ...body, email: 'not-an-email' }, key)).status).toBe(400);

    expect(await post(user, '/crm/hubspot/contacts', body, key)).toMatchObject({ status: 201, isReplay: false });
  });
});
