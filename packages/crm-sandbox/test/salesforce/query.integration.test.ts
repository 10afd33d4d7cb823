import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, q, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let token: string;
let instance: string;
let orgId: string;
beforeAll(async () => {
  h = await startHarness();
  orgId = h.orgs[0]!.id;
  instance = h.orgs[0]!.instanceUrl;
  token = h.admin.mintToken(orgId).access_token;
});
afterAll(async () => {
  await h.close();
});

async function readAll(first: string, headers: Record<string, string> = {}) {
  const pages = [];
  let res = await api(instance, token, first, { headers });
  pages.push(res);
  while (res.body.nextRecordsUrl) {
    res = await api(instance, token, res.body.nextRecordsUrl, { headers });
    pages.push(res);
  }
  return pages;
}

describe('GET /query', () => {
  it('serves a query across batches of 2000 by nextRecordsUrl, with every live record once', async () => {
    const pages = await readAll(q('SELECT Id, LastName FROM Contact'));
    const total = pages[0]!.body.totalSize as number;
    expect(total).toBeGreaterThan(4900);
    expect(total).toBeLessThan(5000);
    expect(pages.map((page) => page.body.records.length)).toEqual([2000, 2000, total - 4000]);
    expect(pages.map((page) => page.body.done)).toEqual([false, false, true]);
    expect(pages[0]!.body.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]+-2000$/);
    const ids = pages.flatMap((page) => page.body.records.map((record: { Id: string }) => record.Id));
    expect(new Set(ids).size).toBe(total);
  });

  it('takes batchSize from Sforce-Query-Options, clamped to 200..2000', async () => {
    const pages = await readAll(q('SELECT Id FROM Lead WHERE IsConverted = false LIMIT 450'), { 'Sforce-Query-Options': 'batchSize=200' });
    expect(pages.map((page) => page.body.records.length)).toEqual([200, 200, 50]);
    const tiny = await api(instance, token, q('SELECT Id FROM Lead LIMIT 300'), { headers: { 'Sforce-Query-Options': 'batchSize=10' } });
    expect(tiny.body.records).toHaveLength(200);
  });

  it('keeps the result set fixed when the query first ran, as a cursor', async () => {
    const first = await api(instance, token, q('SELECT Id, Title FROM Contact ORDER BY Id'));
    const nextUrl = first.body.nextRecordsUrl as string;
    const created = h.admin.createRecord(orgId, 'Contact', { LastName: 'Latecomer' });
    const second = await api(instance, token, nextUrl);
    expect(second.body.totalSize).toBe(first.body.totalSize);
    const later = await readAll(q('SELECT Id FROM Contact ORDER BY Id'));
    expect(later[0]!.body.totalSize).toBe(first.body.totalSize + 1);
    expect(later.at(-1)!.body.records.at(-1).Id).toBe(created.Id);
  });

  it('answers INVALID_QUERY_LOCATOR for an unknown locator and for one unused for 15 minutes', async () => {
    expect((await api(instance, token, '/query/01gNOPE000000000-2000')).body).toEqual([expect.objectContaining({ errorCode: 'INVALID_QUERY_LOCATOR' })]);
    const first = await api(instance, token, q('SELECT Id FROM Contact'));
    h.clock.now += 15 * 60_000;
    try {
      const late = await api(instance, token, first.body.nextRecordsUrl);
      expect(late.status).toBe(400);
      expect(late.body[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
    } finally {
      h.clock.now -= 15 * 60_000;
    }
  });

  it('pages by keyset on (SystemModstamp, Id) through ties without losing or repeating a record', async () => {
    const all = (await readAll(q('SELECT Id, SystemModstamp FROM Lead ORDER BY SystemModstamp, Id'))).flatMap((page) => page.body.records as { Id: string; SystemModstamp: string }[]);
    const stamps = all.map((record) => record.SystemModstamp);
    expect(new Set(stamps).size).toBeLessThan(stamps.length);
    const seen: string[] = [];
    let last: { Id: string; SystemModstamp: string } | null = null;
    for (;;) {
      const where = last ? ` WHERE SystemModstamp > ${last.SystemModstamp} OR (SystemModstamp = ${last.SystemModstamp} AND Id > '${last.Id}')` : '';
      const page = await api(instance, token, q(`SELECT Id, SystemModstamp FROM Lead${where} ORDER BY SystemModstamp, Id LIMIT 500`));
      const records = page.body.records as { Id: string; SystemModstamp: string }[];
      if (records.length === 0) break;
      seen.push(...records.map((record) => record.Id));
      last = records.at(-1)!;
    }
    expect(seen).toEqual(all.map((record) => record.Id));
  });

  it('writes Account.Name as a nested Account object (or null), datetimes with +0000, and field names in their canonical case', async () => {
    const res = await api(instance, token, q('select id, account.name, systemmodstamp, email from contact where AccountId != null limit 1'));
    const record = res.body.records[0];
    expect(Object.keys(record)).toEqual(['attributes', 'Id', 'Account', 'SystemModstamp', 'Email']);
    expect(record.attributes).toEqual({ type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${record.Id}` });
    expect(record.Account).toEqual({ attributes: { type: 'Account', url: expect.stringMatching(/\/sobjects\/Account\/001/) }, Name: expect.any(String) });
    expect(record.SystemModstamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const noAccount = await api(instance, token, q('SELECT Account.Name FROM Contact WHERE AccountId = null LIMIT 1'));
    expect(noAccount.body.records[0].Account).toBeNull();
  });

  it('answers SELECT COUNT() with totalSize and no records', async () => {
    const count = await api(instance, token, q('SELECT COUNT() FROM Lead WHERE IsConverted = true'));
    expect(count.body).toEqual({ totalSize: expect.any(Number), done: true, records: [] });
    expect(count.body.totalSize).toBeGreaterThan(50);
  });

  it('holds realistic mess: converted leads pointing at contacts, DoNotCall, countries as names and ISO codes', async () => {
    const converted = await api(instance, token, q("SELECT Id, ConvertedContactId, Status FROM Lead WHERE IsConverted = true AND Status = 'Closed - Converted' LIMIT 5"));
    expect(converted.body.records.every((lead: { ConvertedContactId: string }) => lead.ConvertedContactId.startsWith('003'))).toBe(true);
    expect((await api(instance, token, q('SELECT COUNT() FROM Contact WHERE DoNotCall = true'))).body.totalSize).toBeGreaterThan(0);
    const names = (await api(instance, token, q("SELECT COUNT() FROM Contact WHERE MailingCountry IN ('Germany', 'United States', 'France')"))).body.totalSize;
    const codes = (await api(instance, token, q("SELECT COUNT() FROM Contact WHERE MailingCountry IN ('DE', 'US', 'FR')"))).body.totalSize;
    expect(names).toBeGreaterThan(codes);
    expect(codes).toBeGreaterThan(0);
  });

  it.each([
    ['SELECT Id FROM Contact WHERE', 'MALFORMED_QUERY'],
    ['SELECT Id, Nope FROM Contact', 'INVALID_FIELD'],
    ['SELECT Id FROM Opportunity', 'INVALID_TYPE'],
  ])('answers 400 for %j with %s', async (soql, errorCode) => {
    const res = await api(instance, token, q(soql));
    expect(res.status).toBe(400);
    expect(res.body).toEqual([expect.objectContaining({ errorCode, message: expect.any(String) })]);
  });
});

describe('GET /queryAll', () => {
  it('also returns records in the recycle bin, which /query leaves out', async () => {
    const live = (await api(instance, token, q('SELECT COUNT() FROM Contact'))).body.totalSize as number;
    const all = (await api(instance, token, `/queryAll?q=${encodeURIComponent('SELECT COUNT() FROM Contact')}`)).body.totalSize as number;
    const deleted = await api(instance, token, `/queryAll?q=${encodeURIComponent('SELECT Id, IsDeleted FROM Contact WHERE IsDeleted = true')}`);
    expect(deleted.body.totalSize).toBeGreaterThan(0);
    expect(all - live).toBe(deleted.body.totalSize);
    expect(deleted.body.records.every((record: { IsDeleted: boolean }) => record.IsDeleted)).toBe(true);
  });
});
