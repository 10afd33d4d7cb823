import type { z } from 'zod';
import {
  ZAdvanceClock,
  ZChangeListMembers,
  ZCreateList,
  ZCreateAccount,
  ZCreateApp,
  ZCreateContactField,
  ZDeleteContactField,
  ZDeleteContacts,
  ZMintToken,
  ZModifyContacts,
  ZTokenSelector,
  ZUpdateAccount,
  ZUpdateContactField,
  type TChangeListMembers,
  type TCreateList,
  type TCreateAccount,
  type TCreateApp,
  type TCreateContactField,
  type TDeleteContactField,
  type TDeleteContacts,
  type TMintToken,
  type TModifyContacts,
  type TTokenSelector,
  type TUpdateAccount,
  type TUpdateContactField,
} from './admin-schemas';
import { addContactField, changeContactField, isRefusal, removeContactField, type FieldRefusal } from './admin-contact-fields';
import type { HubSpotApp } from './app-registry';
import type { PropertyResponse } from './contact-field-definitions';
import { validatePropertyWrites } from './contact-input';
import { LEAD_STATUSES, type ContactProperties } from './contact-properties';
import type { ContactStore } from './contact-store';
import type { ContactList } from './list-store';
import { ZFaultRuleInput, type FaultRule, type FaultRuleInput } from './faults';
import type { Portal } from './portal-registry';
import { createRandom } from './random';
import type { RequestLogEntry } from './request-monitor';
import { toTokenResponse } from './routes/oauth-routes';
import type { SandboxState } from './sandbox-state';

export type AdminErrorCode =
  | 'invalid_admin_input'
  | 'account_not_found'
  | 'app_not_found'
  | 'field_not_found'
  | 'account_exists'
  | 'app_exists'
  | 'field_exists'
  | 'field_not_editable'
  | 'list_not_found';

/** A refusal of an admin call; the admin routes answer `{ error: { code, message, details } }`. */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export const ADMIN_ERROR_STATUS: Record<AdminErrorCode, number> = {
  invalid_admin_input: 400,
  account_not_found: 404,
  app_not_found: 404,
  field_not_found: 404,
  account_exists: 409,
  app_exists: 409,
  field_exists: 409,
  field_not_editable: 409,
  list_not_found: 404,
};

export type SandboxAccount = {
  id: number;
  name: string;
  domain: string;
  dataCentre: 'na1';
  /** Live contacts: seeded minus archived, plus created. */
  contactCount: number;
  seededContactCount: number;
  accountSeed: number;
  sharedSeed: number;
};

export type TokenResponse = ReturnType<typeof toTokenResponse>;

/** Field names match the Zoho sandbox's counters where the two mean the same thing. */
export type SandboxCounters = {
  /** Keyed by "METHOD /path" with ids and tokens replaced by placeholders. */
  requests: Record<string, number>;
  /** Status 0 means the connection was reset or abandoned before a response. */
  statuses: Record<string, number>;
  /** Every 429 answered, whether a limit or a fault rule refused the request. */
  tooManyRequests: number;
  /** 429s from the rate limiter, by HubSpot policy name. */
  rateLimited: { TEN_SECONDLY_ROLLING: number; SECONDLY: number; DAILY: number };
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  accessTokensMinted: number;
  refreshTokensMinted: number;
  /** Calls logged, one by one or in batches, in every portal. */
  callsCreated: number;
};

/** The sandbox's control surface, in process; `/__sandbox` exposes the same operations over HTTP. */
export type HubSpotAdmin = {
  listAccounts(): SandboxAccount[];
  getAccount(id: number): SandboxAccount;
  createAccount(input: TCreateAccount): SandboxAccount;
  updateAccount(id: number, input: TUpdateAccount): SandboxAccount;
  /** Removes the account and revokes every token issued for it. */
  deleteAccount(id: number): void;
  listApps(): HubSpotApp[];
  createApp(input: TCreateApp): HubSpotApp;
  /** Edits live contacts so they get hs_lastmodifieddate = the sandbox clock's now: incremental work for a sync. */
  modifyContacts(accountId: number, input: TModifyContacts): { ids: string[] };
  /** Archives live contacts, as a user deleting them in HubSpot would. */
  deleteContacts(accountId: number, input: TDeleteContacts): { ids: string[] };
  /**
   * Creates a custom contact property of one of our field types (HubSpot has no email type: an
   * email field is text); returns it as GET /crm/v3/properties/contacts shows it.
   */
  createContactField(accountId: number, spec: TCreateContactField): PropertyResponse;
  /** Renames a custom property, or replaces an enumeration's options. */
  updateContactField(accountId: number, name: string, change: TUpdateContactField): PropertyResponse;
  /** Archives a custom property: its values disappear from reads and its name becomes unknown. */
  deleteContactField(accountId: number, name: string, options?: TDeleteContactField): void;
  /** A contact list with its first members (live contact ids); its id is HubSpot's `listId`. */
  createList(accountId: number, input: TCreateList): SandboxList;
  /** Adds and removes members of any list, DYNAMIC ones included (the sandbox keeps those as HubSpot would by criteria). */
  changeListMembers(accountId: number, listId: string, input: TChangeListMembers): SandboxList;
  deleteList(accountId: number, listId: string): void;
  mintToken(accountId: number, input?: TMintToken): TokenResponse;
  expireTokens(selector?: TTokenSelector): { expired: number };
  revokeTokens(selector?: TTokenSelector): { revoked: number };
  addFault(rule: FaultRuleInput): FaultRule;
  listFaults(): FaultRule[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  counters(): SandboxCounters;
  requestLog(limit?: number): RequestLogEntry[];
  /** The sandbox clock: the `now` option plus any advance. */
  now(): number;
  /** Moves the sandbox clock forward, e.g. to expire tokens or roll a rate window over HTTP. */
  advanceClock(ms: number): { now: string };
  /** Back to the apps and portal the options describe; the clock keeps its advance. */
  reset(): void;
};

const DEFAULT_TOKEN_SCOPES = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read', 'crm.lists.read'];

export type SandboxList = { listId: string; name: string; processingType: string; memberIds: string[] };

function describeList(list: ContactList): SandboxList {
  return { listId: list.listId, name: list.name, processingType: list.processingType, memberIds: [...list.members.keys()] };
}

export function createAdmin(state: SandboxState): HubSpotAdmin {
  let selections = 0;
  const portalOf = (id: number): Portal => {
    const portal = state.portals.find(id);
    if (!portal) throw new AdminError('account_not_found', `No account with id ${id}`);
    return portal;
  };
  /** Distinct draws per call, yet the same sequence of calls picks the same contacts. */
  const pick = (portal: Portal, selection: { count?: number; ids?: string[] }): string[] => {
    if (selection.ids) return selection.ids.filter((id) => portal.contacts.isLive(id));
    selections += 1;
    return pickLiveIds(portal.contacts, selection.count!, createRandom(portal.contacts.source.accountSeed * 7919 + selections));
  };

  return {
    listAccounts: () => state.portals.list().map(describeAccount),
    getAccount: (id) => describeAccount(portalOf(id)),
    createAccount(input) {
      const parsed = parse(ZCreateAccount, input);
      if (parsed.id !== undefined && state.portals.find(parsed.id)) throw new AdminError('account_exists', `An account with id ${parsed.id} already exists`);
      return describeAccount(state.portals.create(parsed));
    },
    updateAccount(id, input) {
      const parsed = parse(ZUpdateAccount, input);
      const portal = portalOf(id);
      if (parsed.name !== undefined) portal.name = parsed.name;
      if (parsed.contactCount !== undefined) portal.contacts.setSeededCount(parsed.contactCount);
      return describeAccount(portal);
    },
    deleteAccount(id) {
      portalOf(id);
      state.tokens.revoke({ accountId: id });
      state.portals.delete(id);
    },
    listApps: () => state.apps.list(),
    createApp(input) {
      const parsed = parse(ZCreateApp, input);
      if (state.apps.find(parsed.clientId)) throw new AdminError('app_exists', `An app with client id ${parsed.clientId} already exists`);
      return state.apps.create(parsed);
    },
    modifyContacts(accountId, input) {
      const parsed = parse(ZModifyContacts, input);
      const portal = portalOf(accountId);
      const explicit = parsed.properties ? adminPropertyWrites(parsed.properties, portal) : null;
      const ids = pick(portal, parsed);
      for (const [position, id] of ids.entries()) {
        portal.contacts.update(id, explicit ?? defaultChange(selections * 100_000 + position), state.now());
      }
      return { ids };
    },
    deleteContacts(accountId, input) {
      const parsed = parse(ZDeleteContacts, input);
      const portal = portalOf(accountId);
      const ids = pick(portal, parsed);
      for (const id of ids) portal.contacts.archive(id, state.now());
      return { ids };
    },
    createContactField(accountId, spec) {
      const parsed = parse(ZCreateContactField, spec);
      return fieldResult(addContactField(portalOf(accountId), parsed, state.now()));
    },
    updateContactField(accountId, name, change) {
      const parsed = parse(ZUpdateContactField, change);
      return fieldResult(changeContactField(portalOf(accountId), name, parsed, state.now()));
    },
    deleteContactField(accountId, name, options = {}) {
      parse(ZDeleteContactField, options);
      const refusal = removeContactField(portalOf(accountId), name, state.now());
      if (refusal) fieldResult(refusal);
    },
    createList(accountId, input) {
      const parsed = parse(ZCreateList, input);
      const portal = portalOf(accountId);
      const list = portal.lists.create({ name: parsed.name, processingType: parsed.processingType }, state.now());
      portal.lists.changeMembers(list, { add: parsed.memberIds, remove: [] }, state.now());
      return describeList(list);
    },
    changeListMembers(accountId, listId, input) {
      const parsed = parse(ZChangeListMembers, input);
      const portal = portalOf(accountId);
      const list = portal.lists.find(listId);
      if (!list) throw new AdminError('list_not_found', `No list with id ${listId}`);
      portal.lists.changeMembers(list, { add: parsed.add, remove: parsed.remove }, state.now());
      return describeList(list);
    },
    deleteList(accountId, listId) {
      if (!portalOf(accountId).lists.delete(listId)) throw new AdminError('list_not_found', `No list with id ${listId}`);
    },
    mintToken(accountId, input = {}) {
      const parsed = parse(ZMintToken, input);
      const portal = portalOf(accountId);
      const app = parsed.clientId === undefined ? state.apps.first() : state.apps.find(parsed.clientId);
      if (!app) throw new AdminError('app_not_found', parsed.clientId ? `No app with client id ${parsed.clientId}` : 'The sandbox has no app to mint tokens for');
      const grant = {
        hubId: portal.id,
        hubDomain: portal.domain,
        appId: app.appId,
        clientId: app.clientId,
        scopes: parsed.scopes ?? DEFAULT_TOKEN_SCOPES,
        userId: portal.userId,
        user: portal.userEmail,
      };
      const refresh = state.tokens.mintRefreshToken(grant);
      const access = state.tokens.mintAccessToken(grant, parsed.ttlSeconds ?? state.options.accessTokenTtlSeconds, refresh.token);
      return toTokenResponse(access, refresh, state.now());
    },
    expireTokens: (selector = {}) => ({ expired: state.tokens.expireAccessTokens(parse(ZTokenSelector, selector)) }),
    revokeTokens: (selector = {}) => ({ revoked: state.tokens.revoke(parse(ZTokenSelector, selector)) }),
    addFault: (rule) => state.faults.add(parse(ZFaultRuleInput, rule)),
    listFaults: () => state.faults.list(),
    removeFault: (id) => state.faults.remove(id),
    clearFaults: () => state.faults.clear(),
    counters() {
      const { requests, statuses, faults } = state.monitor.counts();
      return {
        requests,
        statuses,
        tooManyRequests: statuses['429'] ?? 0,
        rateLimited: { ...state.rateLimiter.rejected },
        faultsInjected: Object.values(faults).reduce((sum, count) => sum + count, 0),
        faultsByKind: faults,
        accessTokensMinted: state.tokens.accessTokensMinted,
        refreshTokensMinted: state.tokens.refreshTokensMinted,
        callsCreated: state.portals.list().reduce((sum, portal) => sum + portal.calls.created, 0),
      };
    },
    requestLog: (limit) => state.monitor.entries(limit),
    now: () => state.now(),
    advanceClock(ms) {
      state.advanceClock(parse(ZAdvanceClock, { ms }).ms);
      return { now: new Date(state.now()).toISOString() };
    },
    reset: () => state.reset(),
  };
}

function describeAccount(portal: Portal): SandboxAccount {
  return {
    id: portal.id,
    name: portal.name,
    domain: portal.domain,
    dataCentre: portal.dataCentre,
    contactCount: portal.contacts.liveCount(),
    seededContactCount: portal.contacts.seededCount,
    accountSeed: portal.contacts.source.accountSeed,
    sharedSeed: portal.contacts.source.sharedSeed,
  };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new AdminError('invalid_admin_input', 'The admin request is not valid', parsed.error.issues);
  return parsed.data;
}

/** Custom properties too: a test sets one contact's custom value through modifyContacts. */
function adminPropertyWrites(properties: Record<string, string | null>, portal: Portal): ContactProperties {
  try {
    return validatePropertyWrites(properties, portal);
  } catch (error) {
    throw new AdminError('invalid_admin_input', error instanceof Error ? error.message : 'Invalid properties');
  }
}

function fieldResult(result: PropertyResponse | FieldRefusal): PropertyResponse {
  if (!isRefusal(result)) return result;
  throw new AdminError(result.refusal === 'invalid' ? 'invalid_admin_input' : result.refusal, result.message);
}

/** A change a sync must notice: a new job title and the next lead status. */
function defaultChange(serial: number): ContactProperties {
  return { jobtitle: `Changed title #${serial}`, hs_lead_status: LEAD_STATUSES[serial % LEAD_STATUSES.length] ?? null };
}

/**
 * `count` distinct live contact ids. Random probing over the seeded range is cheap on large
 * accounts; when most contacts are wanted, every live id is listed and shuffled instead.
 */
function pickLiveIds(store: ContactStore, count: number, random: () => number): string[] {
  const live = store.liveCount();
  const wanted = Math.min(count, live);
  if (wanted * 4 < store.seededCount) {
    const chosen = new Set<string>();
    for (let attempt = 0; chosen.size < wanted && attempt < wanted * 50; attempt += 1) {
      const id = String(Math.floor(random() * store.seededCount) + 1);
      if (store.isLive(id)) chosen.add(id);
    }
    if (chosen.size === wanted) return [...chosen];
  }
  const all = store.liveIds();
  for (let position = all.length - 1; position > 0; position -= 1) {
    const other = Math.floor(random() * (position + 1));
    [all[position], all[other]] = [all[other]!, all[position]!];
  }
  return all.slice(0, wanted);
}
