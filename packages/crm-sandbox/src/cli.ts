#!/usr/bin/env tsx
// Starts the three CRM sandboxes for a person at a terminal: `pnpm --filter @voiceagent/crm-sandbox start`.
import { parseArgs } from 'node:util';
import { DEFAULT_SHARED_SEED, MAX_CONTACTS_PER_ACCOUNT, startCrmSandboxes } from './start-sandboxes';
import type { RunningCrmSandboxes } from './start-sandboxes';

/** Usage errors exit 2, as shells and argument parsers conventionally do; start-up failures 1. */
const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;

/** Where the backend receives OAuth callbacks by default (PORT 4000), so the printed consent URLs work with `pnpm start`. */
const BACKEND_CALLBACK = 'http://localhost:4000/api/v1/crm';
const HUBSPOT_SCOPES = 'oauth crm.objects.contacts.read crm.objects.contacts.write';
const ZOHO_SCOPES = 'ZohoCRM.modules.ALL,ZohoCRM.org.READ,ZohoCRM.users.READ';
const SALESFORCE_SCOPES = 'api refresh_token';

const USAGE = `Usage: crm-sandbox [options]

Starts the HubSpot, Zoho and Salesforce CRM sandboxes with the same seeded people in each.

Options:
  --host <address>       interface to listen on (default 127.0.0.1)
  --hubspot-port <port>  HubSpot sandbox port, 0 picks a free one (default 4010)
  --zoho-port <port>     Zoho sandbox port, 0 picks a free one (default 4020)
  --salesforce-port <port>  Salesforce login origin port, 0 picks a free one (default 4030);
                         its test login origin and each org's instance take free ports
  --contacts <n>         seeded contacts per default account, 0..${MAX_CONTACTS_PER_ACCOUNT} (default 1000)
  --seed <n>             shared seed of the people every CRM holds (default ${DEFAULT_SHARED_SEED})
  -h, --help             show this help
`;

type CliOptions = { host: string; hubspotPort: number; zohoPort: number; salesforcePort: number; contacts: number; seed: number };

class UsageError extends Error {}

function parseCli(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      'hubspot-port': { type: 'string', default: '4010' },
      'zoho-port': { type: 'string', default: '4020' },
      'salesforce-port': { type: 'string', default: '4030' },
      contacts: { type: 'string', default: '1000' },
      seed: { type: 'string', default: String(DEFAULT_SHARED_SEED) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.host.trim() === '') throw new UsageError('--host must not be empty');
  return {
    host: values.host,
    hubspotPort: parseInteger('--hubspot-port', values['hubspot-port'], 0, 65_535),
    zohoPort: parseInteger('--zoho-port', values['zoho-port'], 0, 65_535),
    salesforcePort: parseInteger('--salesforce-port', values['salesforce-port'], 0, 65_535),
    contacts: parseInteger('--contacts', values.contacts, 0, MAX_CONTACTS_PER_ACCOUNT),
    seed: parseInteger('--seed', values.seed, 0, 2 ** 32 - 1),
  };
}

/** Digits only: Number() would also take "", "1e3", "0x10" and " 7 ". */
function parseInteger(flag: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

function formatBanner(sandboxes: RunningCrmSandboxes, options: CliOptions): string {
  const { hubspot, zoho, salesforce } = sandboxes;
  const hubspotApp = hubspot.admin.listApps()[0];
  const zohoApp = zoho.admin.listApps()[0];
  const usAccounts = zoho.admin.dataCentres()[0]?.accountsServer ?? `${zoho.url}/dc/us/accounts`;
  const lines = [`CRM sandboxes: shared seed ${options.seed}, ${options.contacts} contacts per default account`, ''];

  lines.push(`HubSpot  ${hubspot.url}`);
  if (hubspotApp) {
    const consent = withQuery(`${hubspot.url}/oauth/authorize`, { client_id: hubspotApp.clientId, redirect_uri: `${BACKEND_CALLBACK}/hubspot/callback`, scope: HUBSPOT_SCOPES });
    lines.push(`  OAuth app      client_id ${hubspotApp.clientId}`, `                 client_secret ${hubspotApp.clientSecret}`);
    lines.push(`  consent URL    ${consent}`, `  token URL      ${hubspot.url}/oauth/v1/token`);
    lines.push(`  webhooks       PUT ${hubspot.url}/__sandbox/apps/${hubspotApp.appId}/webhooks {"targetUrl":"…"}  (signed v3 with the client secret)`);
  }
  for (const account of hubspot.admin.listAccounts()) lines.push(`  portal         ${account.id} "${account.name}", ${account.contactCount} contacts`);
  lines.push(`  admin API      ${hubspot.url}/__sandbox  (GET /accounts, POST /accounts/:id/tokens, /faults, /counters, /requests, /reset)`, '');

  lines.push(`Zoho     ${zoho.url}`);
  if (zohoApp) {
    const consent = withQuery(`${usAccounts}/oauth/v2/auth`, {
      scope: ZOHO_SCOPES,
      client_id: zohoApp.clientId,
      response_type: 'code',
      access_type: 'offline',
      redirect_uri: zohoApp.redirectUris[0] ?? `${BACKEND_CALLBACK}/zoho/callback`,
    });
    lines.push(`  OAuth app      client_id ${zohoApp.clientId}`, `                 client_secret ${zohoApp.clientSecret}`);
    lines.push(`  consent URL    ${consent}`);
  }
  for (const dc of zoho.admin.dataCentres()) lines.push(`  ${`${dc.location} (${dc.domain})`.padEnd(13)}  accounts-server ${dc.accountsServer}   api_domain ${dc.apiDomain} (CRM under /crm/v8)`);
  for (const account of zoho.admin.listAccounts()) lines.push(`  org            ${account.id} "${account.name}" (${account.dataCentre}), ${account.contactCount} contacts`);
  lines.push(`  admin API      ${zoho.url}/__sandbox  (GET /accounts, POST /accounts/:id/tokens, /data-centres, /faults, /counters, /requests, /reset)`, '');

  lines.push(`Salesforce  login ${salesforce.loginUrl}   test login ${salesforce.testLoginUrl}`);
  const salesforceApp = salesforce.admin.listApps()[0];
  if (salesforceApp) {
    lines.push(`  OAuth app      client_id ${salesforceApp.clientId}`, `                 client_secret ${salesforceApp.clientSecret}`);
    lines.push(`  PKCE           ${salesforceApp.requirePkce === false ? 'optional' : 'required (S256)'}; refresh tokens ${salesforceApp.rotateRefreshTokens ? 'rotate' : 'do not rotate'}`);
    lines.push(`  consent URL    ${withQuery(`${salesforce.loginUrl}/services/oauth2/authorize`, { response_type: 'code', client_id: salesforceApp.clientId, redirect_uri: salesforceApp.redirectUris[0] ?? `${BACKEND_CALLBACK}/salesforce/callback`, scope: SALESFORCE_SCOPES })}&code_challenge=…`);
  }
  for (const org of salesforce.admin.listOrgs()) {
    lines.push(`  org            ${org.id} "${org.name}"${org.isSandbox ? ' (sandbox, test login)' : ''}, ${org.contactCount} contacts, ${org.leadCount} leads, instance ${org.instanceUrl}`);
  }
  lines.push(`  admin API      ${salesforce.loginUrl}/_admin  (GET /orgs, POST /orgs/:id/tokens, /faults, /counters, /requests, /clock, /reset)`, '');

  lines.push('Running. Ctrl-C (SIGINT) or SIGTERM stops them.');
  return lines.join('\n');
}

function withQuery(base: string, params: Record<string, string>): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

/** The first signal closes every server; a second one gives up waiting. */
function stopOnSignals(sandboxes: RunningCrmSandboxes): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(EXIT_FAILURE);
    stopping = true;
    console.log(`\n${signal}: stopping the sandboxes`);
    sandboxes.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('crm-sandbox: error while stopping:', error);
        process.exit(EXIT_FAILURE);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(argv: string[]): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(argv);
  } catch (error) {
    // parseArgs throws TypeErrors with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION; both kinds are the user's to fix.
    console.error(`crm-sandbox: ${error instanceof Error ? error.message : String(error)}\nRun with --help for the options.`);
    process.exit(EXIT_USAGE);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  let sandboxes: RunningCrmSandboxes;
  try {
    sandboxes = await startCrmSandboxes({
      host: options.host,
      hubspotPort: options.hubspotPort,
      zohoPort: options.zohoPort,
      salesforcePort: options.salesforcePort,
      contactsPerAccount: options.contacts,
      sharedSeed: options.seed,
    });
  } catch (error) {
    const hint = (error as { code?: string }).code === 'EADDRINUSE' ? ' (is another sandbox running? pick other ports with --hubspot-port/--zoho-port/--salesforce-port, or 0)' : '';
    console.error(`crm-sandbox: could not start: ${error instanceof Error ? error.message : String(error)}${hint}`);
    process.exit(EXIT_FAILURE);
  }
  stopOnSignals(sandboxes);
  console.log(formatBanner(sandboxes, options));
}

await main(process.argv.slice(2));
