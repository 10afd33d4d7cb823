import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, q, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let token: string;
let instance: string;
beforeAll(async () => {
  // Polls, not wall time, move jobs on here: each job answers InProgress to its first two polls.
  h = await startHarness({ bulk: { inProgressAfterMs: 0, completeAfterMs: 0, minPolls: 3 } });
  instance = h.orgs[0]!.instanceUrl;
  token = h.admin.mintToken(h.orgs[0]!.id).access_token;
});
afterAll(async () => {
  await h.close();
});

async function createJob(query: string, operation = 'query') {
  return api(instance, token, '/jobs/query', { method: 'POST', body: { operation, query } });
}

async function waitForState(id: string): Promise<{ states: string[]; last: Record<string, unknown> }> {
  const states: string[] = [];
  for (let i = 0; i < 200; i++) {
    const res = await api(instance, token, `/jobs/query/${id}`);
    states.push(res.body.state);
    if (res.body.state === 'JobComplete' || res.body.state === 'Failed' || res.body.state === 'Aborted') return { states, last: res.body };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`job ${id} never finished: ${states.join(',')}`);
}

/** RFC 4180 rows of a result page with every value quoted. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
}

describe('Bulk API 2.0 query jobs', () => {
  it('moves UploadComplete → InProgress → JobComplete and serves every record as CSV pages chained by Sforce-Locator', async () => {
    const created = await createJob('SELECT Id, FirstName, LastName, Email, Account.Name, SystemModstamp, DoNotCall FROM Contact');
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^750\w{15}$/), operation: 'query', object: 'Contact', state: 'UploadComplete', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' });
    const early = await api(instance, token, `/jobs/query/${created.body.id}/results`);
    expect(early).toMatchObject({ status: 400, body: [{ errorCode: 'INVALIDJOBSTATE' }] });
    const { states, last } = await waitForState(created.body.id);
    expect(states.at(-1)).toBe('JobComplete');
    expect(states).toContain('InProgress');
    const expected = (await api(instance, token, q('SELECT COUNT() FROM Contact'))).body.totalSize as number;
    expect(last.numberRecordsProcessed).toBe(expected);

    const ids: string[] = [];
    const counts: number[] = [];
    let locator: string | null = null;
    let header: string[] | null = null;
    do {
      const res = await api(instance, token, `/jobs/query/${created.body.id}/results?maxRecords=2000${locator ? `&locator=${locator}` : ''}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = parseCsv(res.text);
      header = rows[0]!;
      counts.push(Number(res.headers.get('sforce-numberofrecords')));
      ids.push(...rows.slice(1).map((row) => row[0]!));
      const next = res.headers.get('sforce-locator');
      locator = next === 'null' ? null : next;
    } while (locator);
    expect(header).toEqual(['Id', 'FirstName', 'LastName', 'Email', 'Account.Name', 'SystemModstamp', 'DoNotCall']);
    expect(counts).toEqual([2000, 2000, expected - 4000]);
    expect(new Set(ids).size).toBe(expected);
  });

  it('writes every value quoted, "" for null, quotes doubled, datetimes in UTC and booleans as words', async () => {
    h.admin.createRecord(h.orgs[0]!.id, 'Lead', { LastName: 'Quote "The" Lead', Company: 'Comma, Inc', Title: null });
    const job = await createJob("SELECT LastName, Company, Title, IsConverted, CreatedDate FROM Lead WHERE LastName LIKE 'Quote%'");
    await waitForState(job.body.id);
    const res = await api(instance, token, `/jobs/query/${job.body.id}/results`);
    expect(res.text).toBe('"LastName","Company","Title","IsConverted","CreatedDate"\n"Quote ""The"" Lead","Comma, Inc","","false","2026-01-20T12:00:00.000Z"\n');
    expect(res.headers.get('sforce-locator')).toBe('null');
  });

  it('includes recycle-bin records for queryAll only', async () => {
    const soql = 'SELECT Id FROM Lead WHERE IsDeleted = true';
    const plain = await createJob(soql);
    const all = await createJob(soql, 'queryAll');
    await waitForState(plain.body.id);
    await waitForState(all.body.id);
    const count = async (id: string) => Number((await api(instance, token, `/jobs/query/${id}/results`)).headers.get('sforce-numberofrecords'));
    expect(await count(plain.body.id)).toBe(0);
    expect(await count(all.body.id)).toBeGreaterThan(0);
  });

  it('aborts a running job, deletes a finished one, and refuses a bad query or operation at creation', async () => {
    const job = await createJob('SELECT Id FROM Contact');
    const aborted = await api(instance, token, `/jobs/query/${job.body.id}`, { method: 'PATCH', body: { state: 'Aborted' } });
    expect(aborted.body.state).toBe('Aborted');
    expect((await api(instance, token, `/jobs/query/${job.body.id}/results`)).body[0].errorCode).toBe('INVALIDJOBSTATE');
    expect((await api(instance, token, `/jobs/query/${job.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(instance, token, `/jobs/query/${job.body.id}`)).status).toBe(404);
    expect((await createJob('SELECT Nope FROM Contact')).body[0].errorCode).toBe('INVALID_FIELD');
    expect((await createJob('SELECT Id FROM Contact', 'upsert')).status).toBe(400);
  });
});
