import { performance } from 'node:perf_hooks';
import { startSalesforceSandbox } from './src/salesforce';
const t0 = performance.now();
const sf = await startSalesforceSandbox({ orgs: [{ name: 'Big', contactCount: 200_000, leadCount: 0, seed: 3 }] });
console.log('start ms', (performance.now() - t0).toFixed(0));
const org = sf.orgs[0]!;
const token = sf.admin.mintToken(org.id).access_token;
const headers = { authorization: `Bearer ${token}` };
const fields = 'Id, FirstName, LastName, Email, Phone, MobilePhone, Title, Account.Name, MailingCountry, LeadSource, DoNotCall, HasOptedOutOfEmail, CreatedDate, LastModifiedDate, SystemModstamp, IsDeleted';
async function rest(label: string) {
  const t = performance.now();
  let url = `${org.instanceUrl}/services/data/v62.0/query?q=${encodeURIComponent(`SELECT ${fields} FROM Contact ORDER BY SystemModstamp, Id`)}`;
  let n = 0;
  for (;;) {
    const body = (await (await fetch(url, { headers })).json()) as { records: unknown[]; nextRecordsUrl?: string };
    n += body.records.length;
    if (!body.nextRecordsUrl) break;
    url = `${org.instanceUrl}${body.nextRecordsUrl}`;
  }
  const ms = performance.now() - t;
  console.log(label, n, 'records', ms.toFixed(0), 'ms', Math.round(n / ms * 1000), '/s');
}
async function bulk(label: string) {
  const t = performance.now();
  const job = (await (await fetch(`${org.instanceUrl}/services/data/v62.0/jobs/query`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'query', query: `SELECT ${fields} FROM Contact` }) })).json()) as { id: string };
  for (;;) {
    const s = (await (await fetch(`${org.instanceUrl}/services/data/v62.0/jobs/query/${job.id}`, { headers })).json()) as { state: string };
    if (s.state === 'JobComplete') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const ready = performance.now() - t;
  let locator = '';
  let n = 0;
  const t2 = performance.now();
  for (;;) {
    const res = await fetch(`${org.instanceUrl}/services/data/v62.0/jobs/query/${job.id}/results?maxRecords=50000${locator ? `&locator=${locator}` : ''}`, { headers });
    await res.text();
    n += Number(res.headers.get('sforce-numberofrecords'));
    const next = res.headers.get('sforce-locator');
    if (!next || next === 'null') break;
    locator = next;
  }
  const ms = performance.now() - t2;
  console.log(label, n, 'records; job ready after', ready.toFixed(0), 'ms; results', ms.toFixed(0), 'ms', Math.round(n / ms * 1000), '/s; end to end', Math.round(n / (ms + ready) * 1000), '/s');
}
await rest('REST cold');
await rest('REST warm');
await bulk('bulk warm');
await sf.close();
const sf2 = await startSalesforceSandbox({ orgs: [{ name: 'Big', contactCount: 200_000, leadCount: 0, seed: 4 }] });
void sf2;
await sf2.close();
