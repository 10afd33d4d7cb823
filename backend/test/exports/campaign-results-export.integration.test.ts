import { CAMPAIGN_RESULTS_EXPORT_COLUMNS, type TCampaignDetail, type TCreateAgentResponse, type TCreateCampaignResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { fetchExport, toRecords } from './export-support';

/**
 * GET /api/v1/campaigns/:id/results/export: one row per campaign contact with its latest call and
 * where its write-back stands, as the CSV rules say; another user's campaign is not there at all.
 */
let product: TestProduct;
let alice: TestUser;
let bob: TestUser;
let campaignId: string;
let bobCampaignId: string;

async function post<T>(user: TestUser, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${product.url}/api/v1${path}`, { method: 'POST', headers: { ...user.authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function startCampaign(user: TestUser, name: string): Promise<string> {
  const { agent } = await post<TCreateAgentResponse>(user, '/agents', { name: 'Caller', voice: 'sage', contacts: { filter: { callable: true } } });
  return (await post<TCreateCampaignResponse>(user, '/campaigns', { agentId: agent.id, name })).campaign.id;
}

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0' });
  [alice, bob] = [await signUpTestUser(product), await signUpTestUser(product)];
  await insertContacts(product.pool, alice.id, [
    { platform: 'hubspot', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.test', company: 'Engines, Ltd', phoneE164: '+442071234567' },
    { platform: 'zoho', firstName: 'Grace', lastName: 'Hopper', phoneE164: '+12025550123' },
    { platform: 'hubspot', firstName: 'Alan', lastName: 'Turing', phoneE164: '+441619999999' },
  ]);
  await insertContacts(product.pool, bob.id, [{ platform: 'hubspot', firstName: 'Bob', lastName: 'Private', phoneE164: '+12025550199' }]);
  campaignId = await startCampaign(alice, 'Spring renewals (EU)');
  bobCampaignId = await startCampaign(bob, 'Bob’s');

  const detail = (await (await fetch(`${product.url}/api/v1/campaigns/${campaignId}`, { headers: alice.authorization })).json()) as TCampaignDetail;
  const contact = (name: string) => detail.contacts.items.find((item) => item.name === name)!.id;
  await post(alice, `/campaigns/${campaignId}/results`, {
    results: [
      { campaignContactId: contact('Ada Lovelace'), callId: 'call-ada', status: 'completed', outcome: 'interested', startedAt: '2026-03-02T10:00:00Z', durationSec: 95, summary: '=Wants a demo, "soon"\nCall back Tuesday' },
      { campaignContactId: contact('Grace Hopper'), callId: 'call-grace', status: 'no_answer', startedAt: '2026-03-02T11:00:00Z', durationSec: 0 },
    ],
  });
  // The write-back jobs are another component: their outcomes, as they leave them.
  await product.pool.query(
    `update public.campaign_call_results set writeback_status = 'succeeded', crm_call_id = 'hs-call-1', writeback_attempts = 1,
       written_back_at = '2026-03-02T10:05:00Z' where call_id = 'call-ada'`,
  );
  await product.pool.query(
    `update public.campaign_call_results set writeback_status = 'failed', writeback_attempts = 3, writeback_error = 'Zoho refused the call'
     where call_id = 'call-grace'`,
  );
});
afterAll(async () => {
  await product?.close();
});

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const exportOf = (user: TestUser, id: string) => fetchExport(`${product.url}/api/v1/campaigns/${id}/results/export`, user.authorization);

describe('GET /api/v1/campaigns/:id/results/export', () => {
  it('answers one row per campaign contact: who, the latest call, and its write-back', async () => {
    const answer = await exportOf(alice, campaignId);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="campaign-spring-renewals-eu-results-${new Date().toISOString().slice(0, 10)}.csv"`);
    expect(answer.raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(answer.rows[0]).toEqual(CAMPAIGN_RESULTS_EXPORT_COLUMNS.map((column) => column.label));
    expect(toRecords(answer.rows)).toEqual([
      {
        Name: 'Ada Lovelace',
        CRM: 'hubspot',
        'CRM record id': expect.any(String),
        Phone: '+442071234567',
        Email: 'ada@example.test',
        Company: 'Engines, Ltd',
        'Call status': 'completed',
        Outcome: 'interested',
        'Called at': '2026-03-02T10:00:00.000Z',
        'Duration (s)': '95',
        Summary: '\'=Wants a demo, "soon"\nCall back Tuesday',
        'Write-back': 'succeeded',
        'Write-back attempts': '1',
        'Last write-back attempt': expect.stringMatching(ISO_TIME),
        'Written back at': '2026-03-02T10:05:00.000Z',
        'CRM call id': 'hs-call-1',
        'Write-back error': '',
      },
      expect.objectContaining({ Name: 'Alan Turing', CRM: 'hubspot', Phone: '+441619999999', 'Call status': 'pending', 'Called at': '', 'Write-back': '', 'Write-back attempts': '' }),
      {
        Name: 'Grace Hopper',
        CRM: 'zoho',
        'CRM record id': expect.any(String),
        Phone: '+12025550123',
        Email: '',
        Company: '',
        'Call status': 'no_answer',
        Outcome: '',
        'Called at': '2026-03-02T11:00:00.000Z',
        'Duration (s)': '0',
        Summary: '',
        'Write-back': 'failed',
        'Write-back attempts': '3',
        // The time the result last changed (the trigger's now()): when its last attempt ended.
        'Last write-back attempt': expect.stringMatching(ISO_TIME),
        'Written back at': '',
        'CRM call id': '',
        'Write-back error': 'Zoho refused the call',
      },
    ]);
  });

  it('does not show another user’s campaign: a JSON 404, as for one that never existed', async () => {
    for (const [user, id] of [[bob, campaignId], [alice, bobCampaignId], [alice, crypto.randomUUID()]] as const) {
      const answer = await exportOf(user, id);
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({ error: { code: 'not_found' } });
    }
    const own = await exportOf(bob, bobCampaignId);
    expect(toRecords(own.rows).map((record) => record.Name)).toEqual(['Bob Private']);
  });

  it('refuses an id that is not one with a JSON 400', async () => {
    const answer = await exportOf(alice, 'not-a-uuid');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'validation_failed', details: { issues: [{ field: 'id' }] } } });
  });
});
