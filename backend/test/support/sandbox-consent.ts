import {
  HUBSPOT_DEFAULT_APP,
  HUBSPOT_DEFAULT_PORTAL,
  startHubSpotSandbox,
  startZohoSandbox,
  ZOHO_DEFAULT_APPS,
  ZOHO_DEFAULT_DATA_CENTRES,
  zohoAccountsServerUrl,
  type RunningHubSpotSandbox,
  type RunningZohoSandbox,
  type StartHubSpotSandboxOptions,
  type StartZohoSandboxOptions,
} from '@voiceagent/crm-sandbox';
import type { ProviderAppConfig } from '../../src/config';

/**
 * Backend tests drive the sandbox CRMs in-process over real HTTP. These helpers start them with
 * small accounts and hand back the `ProviderAppConfig` our services need, and `approveConsent`
 * plays the person on the consent page.
 */

/** The redirect URI the product builds when BACKEND_URL is http://localhost:4000 (the sandbox Zoho app's default). */
export const DEFAULT_BACKEND_URL = 'http://localhost:4000';

export function callbackUrlOf(platform: 'hubspot' | 'zoho', backendUrl = DEFAULT_BACKEND_URL): string {
  return `${backendUrl}/api/v1/crm/${platform}/callback`;
}

export type TestHubSpotSandbox = RunningHubSpotSandbox & { app: ProviderAppConfig; portalId: number };

/** The HubSpot sandbox with its default app (any redirect URI accepted) and one small portal. */
export async function startHubSpotTestSandbox(options: StartHubSpotSandboxOptions = {}): Promise<TestHubSpotSandbox> {
  const defaultPortal = options.defaultPortal === null ? null : { ...HUBSPOT_DEFAULT_PORTAL, contactCount: 20, ...options.defaultPortal };
  const sandbox = await startHubSpotSandbox({ ...options, defaultApp: { ...HUBSPOT_DEFAULT_APP, redirectUris: [] }, defaultPortal });
  return {
    ...sandbox,
    app: {
      clientId: HUBSPOT_DEFAULT_APP.clientId!,
      clientSecret: HUBSPOT_DEFAULT_APP.clientSecret!,
      authorizeUrl: `${sandbox.url}/oauth/authorize`,
      apiBaseUrl: sandbox.url,
      isSandbox: true,
    },
    portalId: defaultPortal?.id ?? 0,
  };
}

export type TestZohoSandbox = RunningZohoSandbox & {
  app: ProviderAppConfig;
  /** Org id of the first account in each data centre, by location ('us', 'eu'). */
  orgIdByDataCentre: Record<string, string>;
};

/**
 * The Zoho sandbox with one small org in `us` and one in `eu`. Zoho compares redirect URIs
 * exactly, so the app registers `redirectUris` (default: the product's callback at
 * DEFAULT_BACKEND_URL); a test product should run with that BACKEND_URL or pass its own.
 */
export async function startZohoTestSandbox(options: StartZohoSandboxOptions & { redirectUris?: string[] } = {}): Promise<TestZohoSandbox> {
  const { redirectUris = [callbackUrlOf('zoho')], ...sandboxOptions } = options;
  const app = { ...ZOHO_DEFAULT_APPS[0]!, redirectUris };
  const sandbox = await startZohoSandbox({
    apps: [app],
    accounts: [
      { name: 'Zylker Inc', dataCentre: 'us', contactCount: 20, seed: 1 },
      { name: 'Zylker GmbH', dataCentre: 'eu', contactCount: 20, seed: 2 },
    ],
    ...sandboxOptions,
  });
  const orgIdByDataCentre: Record<string, string> = {};
  for (const account of sandbox.admin.listAccounts()) orgIdByDataCentre[account.dataCentre] ??= account.id;
  const accountsUrl = zohoAccountsServerUrl(sandbox.url, 'us');
  return {
    ...sandbox,
    app: { clientId: app.clientId, clientSecret: app.clientSecret, authorizeUrl: accountsUrl, apiBaseUrl: accountsUrl, isSandbox: true },
    orgIdByDataCentre,
  };
}

export type ConsentOptions = {
  /** Press "Deny" / "Reject" instead of granting. */
  deny?: boolean;
  /** Zoho: sign in as the first account of this data centre (`us`, `eu`, … or a domain such as `com`). */
  zohoDataCentre?: string;
  /** The HubSpot portal id or Zoho org id to pick; the page's default otherwise. */
  accountId?: string | number;
};

/**
 * Does what a person does on a sandbox consent page: opens the authorize URL, picks the account,
 * presses grant (or deny) and returns where the provider redirects — our callback URL with
 * code/state (and Zoho's location/accounts-server) — without following it. A provider that
 * redirects straight away (e.g. Zoho's invalid_scope) has that redirect returned.
 */
export async function approveConsent(authorizeUrl: string, options: ConsentOptions = {}): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (isRedirect(page.status)) return locationOf(page, authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`The consent page answered ${page.status}: ${textOf(html)}`);

  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`The consent page has no form: ${textOf(html)}`);
  const action = new URL(attributesOf(form[1]!).action ?? '', authorizeUrl);
  const body = new URLSearchParams();
  for (const input of tagsOf(form[2]!, 'input')) {
    if (input.type === 'hidden' && input.name) body.set(input.name, input.value ?? '');
  }
  chooseSelectOption(form[2]!, body, options);
  chooseRadio(form[2]!, body, options);
  const decision = tagsOf(form[2]!, 'button').find((button) => (options.deny ? DENY : GRANT).includes(button.value ?? ''));
  if (!decision?.name || decision.value === undefined) throw new Error('The consent page has no grant/deny button');
  body.set(decision.name, decision.value);

  const answer = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  if (!isRedirect(answer.status)) throw new Error(`The consent form answered ${answer.status}: ${textOf(await answer.text())}`);
  return locationOf(answer, action.toString());
}

const GRANT = ['grant', 'accept', 'allow'];
const DENY = ['deny', 'reject'];

/** HubSpot's account picker is a <select>. */
function chooseSelectOption(form: string, body: URLSearchParams, options: ConsentOptions): void {
  for (const select of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
    const name = attributesOf(select[1]!).name;
    if (!name) continue;
    const values = tagsOf(select[2]!, 'option').map((option) => option.value ?? '');
    const wanted = options.accountId === undefined ? values[0] : values.find((value) => value === String(options.accountId));
    if (wanted === undefined) throw new Error(`The consent page offers no account ${String(options.accountId)} (offered: ${values.join(', ')})`);
    body.set(name, wanted);
  }
}

/** Zoho's account picker is radio buttons, each labelled with the account's data centre domain. */
function chooseRadio(form: string, body: URLSearchParams, options: ConsentOptions): void {
  const radios = [...form.matchAll(/<label\b[^>]*>([\s\S]*?)<\/label>/gi)]
    .map((label) => ({ input: tagsOf(label[1]!, 'input').find((input) => input.type === 'radio'), text: textOf(label[1]!) }))
    .filter((radio): radio is { input: Attributes; text: string } => radio.input?.name !== undefined);
  if (radios.length === 0) return;
  const domain = ZOHO_DEFAULT_DATA_CENTRES.find((dc) => dc.location === options.zohoDataCentre)?.domain ?? options.zohoDataCentre;
  const chosen =
    options.accountId !== undefined
      ? radios.find((radio) => radio.input.value === String(options.accountId))
      : domain !== undefined
        ? radios.find((radio) => radio.text.includes(`(zoho.${domain})`))
        : (radios.find((radio) => 'checked' in radio.input) ?? radios[0]);
  if (!chosen) throw new Error(`The consent page offers no account for ${String(options.accountId ?? options.zohoDataCentre)}: ${radios.map((r) => r.text).join(' | ')}`);
  body.set(chosen.input.name!, chosen.input.value ?? '');
}

type Attributes = Record<string, string | undefined>;

function tagsOf(html: string, tag: string): Attributes[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((match) => attributesOf(match[1]!));
}

function attributesOf(source: string): Attributes {
  const attributes: Attributes = {};
  for (const match of source.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attributes[match[1]!.toLowerCase()] = match[2] === undefined ? '' : decodeEntities(match[2]);
  return attributes;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#\d+|#x[\da-f]+|\w+);/gi, (entity, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return named[code.toLowerCase()] ?? entity;
  });
}

function textOf(html: string): string {
  return decodeEntities(html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function locationOf(response: Response, base: string): URL {
  const location = response.headers.get('location');
  if (!location) throw new Error(`A ${response.status} without a Location header`);
  return new URL(location, base);
}
