import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/calls';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type RunningHubSpotSandbox } from '../../src/hubspot';
import { startTestSandbox, type TestSandbox } from './helpers';

/**
 * HubSpot's own Node client, pointed at the sandbox: if its generated models deserialize our
 * answers and its error handling recognises our refusals, the sandbox speaks HubSpot's language.
 */
type ClientError = { code: number; body: { message?: string; category?: string; correlationId?: string } };

async function refusal(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    return error as ClientError;
  }
  throw new Error('expected the client to throw');
}

let sandbox: TestSandbox;

function clientFor(accessToken: string, options: { numberOfApiCallRetries?: number } = {}): Client {
  return new Client({ accessToken, basePath: sandbox.url, ...options });
}

describe('@hubspot/api-client against the sandbox', () => {
  afterEach(() => sandbox.close());

  it('pages through every contact with basicApi.getPage', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Contract', contactCount: 1234 } });
    const client = clientFor(sandbox.token);
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await client.crm.contacts.basicApi.getPage(100, after, ['email', 'phone']);
      ids.push(...page.results.map((contact) => contact.id));
      expect(page.results[0]!.createdAt).toBeInstanceOf(Date);
      after = page.paging?.next?.after;
    } while (after);
    expect(ids).toHaveLength(1234);
    expect(new Set(ids).size).toBe(1234);
  });

  it('searches with searchApi.doSearch and reads total and paging', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Contract', contactCount: 600 } });
    const client = clientFor(sandbox.token);
    const result = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: FilterOperatorEnum.Gte, value: String(Date.UTC(2025, 0, 1)) }] }],
      sorts: ['hs_lastmodifieddate'],
      properties: ['email', 'hs_lastmodifieddate'],
      limit: 50,
      after: '0',
    });
    expect(result.total).toBeGreaterThan(50);
    expect(result.results).toHaveLength(50);
    expect(result.paging?.next?.after).toBe('50');
    const times = result.results.map((contact) => Date.parse(contact.properties.hs_lastmodifieddate!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(Date.UTC(2025, 0, 1));
  });

  it('creates a contact with basicApi.create and surfaces the 409 conflict as an ApiException', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Contract', contactCount: 10 } });
    const client = clientFor(sandbox.token);
    const created = await client.crm.contacts.basicApi.create({ properties: { email: 'contract@example.com', firstname: 'Ana' }, associations: [] });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties.email).toBe('contract@example.com');
    expect(created.createdAt).toBeInstanceOf(Date);

    const conflict = await refusal(client.crm.contacts.basicApi.create({ properties: { email: 'contract@example.com' }, associations: [] }));
    expect(conflict.code).toBe(409);
    expect(conflict.body.category).toBe('CONFLICT');
    expect(conflict.body.message).toBe(`Contact already exists. Existing ID: ${created.id}`);
  });

  it('logs a call associated with a contact through crm.objects.calls', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Contract', contactCount: 10 } });
    const client = clientFor(sandbox.token);
    const logged = await client.crm.objects.calls.basicApi.create({
      properties: { hs_timestamp: '2026-01-15T10:00:00.000Z', hs_call_title: 'Contract call' },
      associations: [{ to: { id: '4' }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 194 }] }],
    });
    const read = await client.crm.objects.calls.basicApi.getById(logged.id, ['hs_call_title'], undefined, ['contacts']);
    expect(read.properties.hs_call_title).toBe('Contract call');
    expect(read.associations?.contacts?.results.map((association) => association.id)).toEqual(['4']);
  });

  it('gets a 429 once the 10-second window is spent', async () => {
    sandbox = await startTestSandbox({ rateLimits: { tenSecondlyRolling: 3 }, defaultPortal: { name: 'Contract', contactCount: 10 } });
    const client = clientFor(sandbox.token);
    for (let request = 0; request < 3; request += 1) await client.crm.contacts.basicApi.getPage(1);
    const limited = await refusal(client.crm.contacts.basicApi.getPage(1));
    expect(limited.code).toBe(429);
    expect(limited.body.message).toBe('You have reached your ten_secondly_rolling limit.');
  });

  it('gets a 401 for an expired token', async () => {
    sandbox = await startTestSandbox({ defaultPortal: { name: 'Contract', contactCount: 10 } });
    sandbox.clock.advance(31 * 60_000);
    const expired = await refusal(clientFor(sandbox.token).crm.contacts.basicApi.getPage(10));
    expect(expired.code).toBe(401);
    expect(expired.body.category).toBe('EXPIRED_AUTHENTICATION');
    expect(expired.body.message).toMatch(/^The OAuth token used to make this call expired \d+ minute\(s\) ago\.$/);
  });
});

describe('@hubspot/api-client retrying the search limit', () => {
  let real: RunningHubSpotSandbox;
  afterEach(() => real.close());

  it('recognises the sandbox\'s SECONDLY refusal and retries after a second, as it does against HubSpot', async () => {
    // The client sleeps in real time, so this sandbox runs on the real clock.
    real = await startHubSpotSandbox({ rateLimits: { searchPerSecond: 1 }, defaultPortal: { id: 1, name: 'Real time', contactCount: 5 } });
    const client = new Client({ accessToken: real.admin.mintToken(1).access_token, basePath: real.url, numberOfApiCallRetries: 2 });
    const first = await client.crm.contacts.searchApi.doSearch({ limit: 1 });
    const second = await client.crm.contacts.searchApi.doSearch({ limit: 1 });
    expect([first.total, second.total]).toEqual([5, 5]);
    expect(real.admin.counters().rateLimited.SECONDLY).toBe(1);
  });
});
