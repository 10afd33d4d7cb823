import { randomBytes } from 'node:crypto';
import { AdminError } from './admin-error';
import { createContactField, deleteContactField, updateContactField } from './admin-fields';
import type {
  TCreateAccount,
  TCreateApp,
  TCreateContactField,
  TDeleteContactField,
  TDeleteContacts,
  TMintToken,
  TModifyContacts,
  TTokenTarget,
  TUpdateAccount,
  TUpdateContactField,
} from './admin-schemas';
import { checkContactInput } from './contact-input';
import type { CountersSnapshot } from './counters';
import { accountsServerUrl, apiDomainUrl } from './data-centres';
import type { ActiveFault, FaultRule } from './faults';
import type { ZohoOrg } from './org';
import type { RequestLogEntry } from './request-log';
import { pickContacts } from './pick-contacts';
import type { ZohoSandboxState } from './sandbox-state';
import type { ZohoAppConfig } from './types';
import type { NotificationDelivery } from './notifier';
import { renderChannel } from './watch-channels';
import { moduleIdOf } from './org';
import { formatZohoTime } from './zoho-time';

export type AccountSummary = {
  id: string;
  name: string;
  dataCentre: string;
  contactCount: number;
  edition: string;
  concurrencyLimit: number;
  domainName: string;
  user: { id: string; email: string; name: string };
  accountsServer: string;
  apiDomain: string;
};

export type DataCentreSummary = { location: string; name: string; domain: string; accountsServer: string; apiDomain: string };
export type MintedToken = { access_token: string; refresh_token?: string; scope: string; api_domain: string; token_type: 'Bearer'; expires_in: number };

/** Programmatic control of a Zoho sandbox, for tests, benchmarks and the CLI; never for the product. */
export type ZohoSandboxAdmin = {
  dataCentres(): DataCentreSummary[];
  listAccounts(): AccountSummary[];
  createAccount(input: TCreateAccount): AccountSummary;
  updateAccount(id: string, input: TUpdateAccount): AccountSummary;
  deleteAccount(id: string): void;
  listApps(): ZohoAppConfig[];
  createApp(input: TCreateApp): ZohoAppConfig;
  /** Adds a custom Contacts field (type in VoiceAgent's names); returns it as the Field Metadata API shows it. */
  createContactField(accountId: string, spec: TCreateContactField): Record<string, unknown>;
  /** Relabels a custom field or replaces its options; its API name stays. */
  updateContactField(accountId: string, name: string, patch: TUpdateContactField): Record<string, unknown>;
  /** Deletes a custom field and its values; reads naming it then fail as for any unknown field. */
  deleteContactField(accountId: string, name: string, options?: TDeleteContactField): void;
  /**
   * Changes contacts now (sandbox clock), so an incremental sync has work; returns their ids.
   * `fields` may set custom fields too (checked by type as a write would be).
   */
  modifyContacts(accountId: string, input: TModifyContacts): { ids: string[] };
  /** A custom view of Contacts whose records the sandbox keeps (Zoho would by criteria). */
  createCustomView(accountId: string, input: { name: string; memberIds?: string[] }): SandboxView;
  /** Adds and removes records of a view, as a change of records under its criteria would. */
  changeCustomViewMembers(accountId: string, viewId: string, input: { add?: string[]; remove?: string[] }): SandboxView;
  deleteContacts(accountId: string, input: TDeleteContacts): { ids: string[] };
  /** An access token for the account, as if it had gone through OAuth. */
  mintToken(accountId: string, input?: TMintToken): MintedToken;
  expireTokens(target: TTokenTarget): { expired: number };
  revokeTokens(target: TTokenTarget): { revoked: number };
  addFault(rule: FaultRule): ActiveFault;
  listFaults(): ActiveFault[];
  clearFaults(): void;
  counters(): CountersSnapshot;
  requestLog(limit?: number): RequestLogEntry[];
  /** The org's live notification channels, as Get Notification Details shows them. */
  listWatchChannels(accountId: string): Array<Record<string, unknown>>;
  /** The notifications POSTed so far (most recent last), with the receiver's status. */
  notificationDeliveries(limit?: number): NotificationDelivery[];
  /** Resolves once no notification is batched, held back or in flight; false if `timeoutMs` passed first. */
  waitForNotifications(timeoutMs?: number): Promise<boolean>;
  now(): number;
  advanceClock(ms: number): { now: string };
  reset(): void;
  setPublicUrl(url: string): void;
};

const DEFAULT_TOKEN_SCOPES = ['ZohoCRM.modules.ALL', 'ZohoCRM.org.READ', 'ZohoCRM.users.READ', 'ZohoCRM.settings.fields.READ', 'ZohoCRM.settings.custom_views.READ'];

export type SandboxView = { id: string; name: string; memberIds: string[] };

/** `baseUrl` gives the public URL that accounts-server and api_domain are built from. */
export function createZohoAdmin(state: ZohoSandboxState, baseUrl: () => string): ZohoSandboxAdmin {
  const orgOf = (id: string): ZohoOrg => {
    const org = state.orgs.get(id);
    if (!org) throw new AdminError(404, 'not_found', `No account ${id}`);
    return org;
  };
  const summarize = (org: ZohoOrg): AccountSummary => ({
    id: org.id,
    name: org.name,
    dataCentre: org.dataCentre,
    contactCount: org.contacts.liveCount(),
    edition: org.edition,
    concurrencyLimit: state.limiter.concurrencyLimitOf(org),
    domainName: `org${org.zgid}`,
    user: { id: org.user.id, email: org.user.email, name: org.user.name },
    accountsServer: accountsServerUrl(baseUrl(), org.dataCentre),
    apiDomain: apiDomainUrl(baseUrl(), org.dataCentre),
  });

  return {
    dataCentres: () =>
      state.dataCentres.map((dc) => ({ ...dc, accountsServer: accountsServerUrl(baseUrl(), dc.location), apiDomain: apiDomainUrl(baseUrl(), dc.location) })),
    listAccounts: () => [...state.orgs.values()].map(summarize),
    createAccount: (input) => {
      if (!state.dataCentre(input.dataCentre)) throw new AdminError(400, 'invalid_request', `Unknown data centre: ${input.dataCentre}`);
      return summarize(state.addOrg(input));
    },
    updateAccount: (id, input) => {
      const org = orgOf(id);
      if (input.contactCount !== undefined) org.contacts.setSeededCount(input.contactCount);
      if (input.edition !== undefined) org.edition = input.edition;
      if (input.concurrencyLimit !== undefined) org.concurrencyLimit = input.concurrencyLimit ?? undefined;
      return summarize(org);
    },
    deleteAccount: (id) => {
      orgOf(id);
      state.tokens.revokeMatching({ orgId: id });
      state.orgs.delete(id);
    },
    listApps: () => [...state.apps.values()].map((app) => ({ ...app, redirectUris: [...app.redirectUris] })),
    createApp: (input) => {
      const clientId = input.clientId ?? `1000.${randomBytes(15).toString('hex').toUpperCase()}`;
      if (state.apps.has(clientId)) throw new AdminError(409, 'conflict', `App ${clientId} exists`);
      return state.addApp({ clientId, clientSecret: input.clientSecret ?? randomBytes(21).toString('hex'), name: input.name, redirectUris: input.redirectUris });
    },
    createCustomView: (accountId, input) => {
      const view = orgOf(accountId).views.create(input.name, input.memberIds ?? [], state.now());
      return { id: view.id, name: view.name, memberIds: [...view.members] };
    },
    changeCustomViewMembers: (accountId, viewId, input) => {
      const view = orgOf(accountId).views.find(viewId);
      if (!view) throw new AdminError(404, 'not_found', `No custom view ${viewId}`);
      for (const id of input.add ?? []) view.members.add(id);
      for (const id of input.remove ?? []) view.members.delete(id);
      return { id: view.id, name: view.name, memberIds: [...view.members] };
    },
    createContactField: (accountId, spec) => createContactField(orgOf(accountId), spec),
    updateContactField: (accountId, name, patch) => updateContactField(orgOf(accountId), name, patch),
    deleteContactField: (accountId, name, options) => deleteContactField(orgOf(accountId), name, options),
    modifyContacts: (accountId, input) => {
      const org = orgOf(accountId);
      const nowMs = state.now();
      const raw = input.fields ?? { Description: `Changed in the sandbox at ${formatZohoTime(nowMs, org.timeZone.offsetMinutes)}` };
      const checked = checkContactInput(raw, 0, 'update', org.code, org.fields.customFields());
      if ('error' in checked) throw new AdminError(400, 'invalid_request', `Invalid fields: ${JSON.stringify(checked.error.details)}`);
      const contacts = pickContacts(org, input);
      for (const contact of contacts) org.contacts.update(contact, checked.patch, nowMs);
      return { ids: contacts.map((contact) => contact.id) };
    },
    deleteContacts: (accountId, input) => {
      const org = orgOf(accountId);
      const contacts = pickContacts(org, input);
      for (const contact of contacts) org.contacts.remove(contact, state.now(), input.permanent ? 'permanent' : 'recycle');
      return { ids: contacts.map((contact) => contact.id) };
    },
    mintToken: (accountId, input = {}) => {
      const org = orgOf(accountId);
      const scopes = input.scopes ?? DEFAULT_TOKEN_SCOPES;
      const clientId = input.clientId ?? (input.withRefreshToken ? [...state.apps.keys()][0] : undefined) ?? null;
      if (clientId !== null && !state.apps.has(clientId)) throw new AdminError(404, 'not_found', `No app ${clientId}`);
      const refresh = input.withRefreshToken && clientId ? state.tokens.issueRefreshToken(clientId, org.id, org.dataCentre, scopes) : undefined;
      const access = state.tokens.mintAccessToken({ clientId, orgId: org.id, dataCentre: org.dataCentre, scopes }, refresh, input.ttlSeconds);
      return {
        access_token: access.token,
        ...(refresh ? { refresh_token: refresh.token } : {}),
        scope: scopes.join(' '),
        api_domain: apiDomainUrl(baseUrl(), org.dataCentre),
        token_type: 'Bearer',
        expires_in: Math.round((access.expiresAtMs - state.now()) / 1000),
      };
    },
    expireTokens: (target) => ({ expired: state.tokens.expireAccessTokens(target.token ? { token: target.token } : { orgId: target.accountId }) }),
    revokeTokens: (target) => ({ revoked: state.tokens.revokeMatching(target.token ? { token: target.token } : { orgId: target.accountId }) }),
    addFault: (rule) => state.faults.add(rule),
    listFaults: () => state.faults.list(),
    clearFaults: () => state.faults.clear(),
    counters: () => state.counters.snapshot([...state.orgs.values()].reduce((sum, org) => sum + org.calls.created, 0)),
    requestLog: (limit) => state.log.list(limit),
    listWatchChannels: (accountId) => {
      const org = orgOf(accountId);
      const resource = { uri: `${apiDomainUrl(baseUrl(), org.dataCentre)}/crm/v8/Contacts`, id: moduleIdOf(org, 'Contacts') };
      return org.watch.list().map((channel) => renderChannel(channel, resource, org.timeZone.offsetMinutes));
    },
    notificationDeliveries: (limit) => state.notifier.deliveries(limit),
    waitForNotifications: (timeoutMs = 10_000) => state.notifier.waitForIdle(timeoutMs),
    now: () => state.now(),
    advanceClock: (ms) => ({ now: new Date(state.advanceClock(ms)).toISOString() }),
    reset: () => state.reset(),
    setPublicUrl: (url) => {
      state.publicUrl = url.replace(/\/+$/, '');
    },
  };
}
