import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startCrmSandboxes } from '../src/start-sandboxes';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

type Run = { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };

const running: Run[] = [];

/** The CLI as a user runs it, through tsx, from the package directory. */
function runCli(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: PACKAGE_DIR, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const run = { child, output: () => output, exited };
  running.push(run);
  return run;
}

async function waitForOutput(run: Run, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null) throw new Error(`the CLI exited early:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the CLI output:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return run.output();
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { headers });
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, url).toBe(201);
  return (await response.json()) as T;
}

afterEach(() => {
  for (const run of running.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
});

describe('crm-sandbox CLI', () => {
  it('starts the three sandboxes on free ports with one seed and stops cleanly on SIGTERM', async () => {
    const run = runCli(['--hubspot-port', '0', '--zoho-port', '0', '--salesforce-port', '0', '--contacts', '25', '--seed', '7']);
    const output = await waitForOutput(run, /SIGTERM stops them/);
    const hubspotUrl = /^HubSpot\s+(http:\/\/\S+)$/m.exec(output)?.[1] ?? '';
    const zohoUrl = /^Zoho\s+(http:\/\/\S+)$/m.exec(output)?.[1] ?? '';
    expect(hubspotUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(zohoUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(output).toContain('client_id sandbox-hubspot-client-id');
    expect(output).toContain(`${zohoUrl}/dc/eu/accounts`);

    const portals = await getJson<{ id: number; contactCount: number; sharedSeed: number }[]>(`${hubspotUrl}/__sandbox/accounts`);
    expect(portals).toEqual([expect.objectContaining({ contactCount: 25, sharedSeed: 7 })]);
    const orgs = await getJson<{ id: string; dataCentre: string; contactCount: number; apiDomain: string }[]>(`${zohoUrl}/__sandbox/accounts`);
    expect(orgs.map((org) => [org.dataCentre, org.contactCount])).toEqual([['us', 25], ['eu', 25]]);

    // Contact index 0 is a shared person: with one seed it must be the same person in both CRMs.
    const hubspotToken = (await postJson<{ access_token: string }>(`${hubspotUrl}/__sandbox/accounts/${portals[0]!.id}/tokens`, {})).access_token;
    const hubspotFirst = await getJson<{ results: { properties: Record<string, string | null> }[] }>(`${hubspotUrl}/crm/v3/objects/contacts?limit=1`, {
      authorization: `Bearer ${hubspotToken}`,
    });
    const org = orgs[0]!;
    const zohoToken = (await postJson<{ access_token: string }>(`${zohoUrl}/__sandbox/accounts/${org.id}/tokens`, {})).access_token;
    const zohoFirst = await getJson<{ data: Record<string, string | null>[] }>(`${org.apiDomain}/crm/v8/Contacts?fields=First_Name,Last_Name&per_page=1&sort_order=asc`, {
      authorization: `Zoho-oauthtoken ${zohoToken}`,
    });
    const hubspotPerson = hubspotFirst.results[0]!.properties;
    expect([zohoFirst.data[0]!.First_Name, zohoFirst.data[0]!.Last_Name]).toEqual([hubspotPerson.firstname, hubspotPerson.lastname]);

    // Salesforce: the same person is its first Contact (queryAll: even if that one sits in the recycle bin).
    const salesforceUrl = /^Salesforce\s+login (http:\/\/\S+)/m.exec(output)?.[1] ?? '';
    const sfOrgs = await getJson<{ id: string; contactCount: number; leadCount: number; instanceUrl: string }[]>(`${salesforceUrl}/_admin/orgs`);
    expect(sfOrgs.map((org) => [org.contactCount, org.leadCount])).toEqual([[25, 10], [25, 10]]);
    const sfToken = (await postJson<{ access_token: string }>(`${salesforceUrl}/_admin/orgs/${sfOrgs[0]!.id}/tokens`, {})).access_token;
    const soql = encodeURIComponent('SELECT FirstName, LastName FROM Contact ORDER BY Id LIMIT 1');
    const sfFirst = await getJson<{ records: Record<string, string | null>[] }>(`${sfOrgs[0]!.instanceUrl}/services/data/v62.0/queryAll?q=${soql}`, { authorization: `Bearer ${sfToken}` });
    expect([sfFirst.records[0]!.FirstName, sfFirst.records[0]!.LastName]).toEqual([hubspotPerson.firstname, hubspotPerson.lastname]);

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${hubspotUrl}/__sandbox/accounts`)).rejects.toThrow();
    await expect(fetch(`${zohoUrl}/__sandbox/accounts`)).rejects.toThrow();
    await expect(fetch(`${salesforceUrl}/_admin/orgs`)).rejects.toThrow();
  });

  it.each([
    [['--hubspot-port', 'abc'], /--hubspot-port must be an integer from 0 to 65535, got "abc"/],
    [['--contacts', '1000001'], /--contacts must be an integer from 0 to 1000000/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with a message for %j', async (args, message) => {
    const run = runCli(args);
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.output()).toMatch(message);
    expect(run.output()).toContain('--help');
  });

  it('prints its usage with --help and exits 0', async () => {
    const run = runCli(['--help']);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toMatch(/Usage: crm-sandbox[\s\S]*--hubspot-port[\s\S]*--zoho-port[\s\S]*--salesforce-port[\s\S]*--contacts[\s\S]*--seed/);
  });
});

describe('startCrmSandboxes (the library under the CLI)', () => {
  it('gives every CRM the shared seed, and lets explicit per-sandbox accounts win over contactsPerAccount', async () => {
    const sandboxes = await startCrmSandboxes({
      contactsPerAccount: 3,
      sharedSeed: 11,
      hubspot: { defaultPortal: { name: 'Explicit', contactCount: 5, sharedSeed: 99 } },
      zoho: { accounts: [{ name: 'Only Org', dataCentre: 'eu', contactCount: 4 }] },
      salesforce: { orgs: [{ name: 'Solo', contactCount: 6, leadCount: 2 }] },
    });
    try {
      expect(sandboxes.hubspot.admin.listAccounts()).toEqual([expect.objectContaining({ name: 'Explicit', contactCount: 5, sharedSeed: 11 })]);
      expect(sandboxes.zoho.admin.listAccounts().map((org) => [org.name, org.contactCount])).toEqual([['Only Org', 4]]);
      expect(sandboxes.salesforce.admin.listOrgs().map((org) => [org.name, org.contactCount, org.leadCount])).toEqual([['Solo', 6, 2]]);
    } finally {
      await sandboxes.close();
      await sandboxes.close();
    }
  });

  it('refuses a bad number before starting anything', async () => {
    await expect(startCrmSandboxes({ contactsPerAccount: 1.5 })).rejects.toThrow(/contactsPerAccount must be an integer from 0 to 1000000/);
    await expect(startCrmSandboxes({ hubspotPort: 70_000 })).rejects.toThrow(/hubspotPort/);
    await expect(startCrmSandboxes({ salesforcePort: -1 })).rejects.toThrow(/salesforcePort/);
  });
});
