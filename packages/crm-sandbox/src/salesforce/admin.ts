import { AdminError } from '../zoho/admin-error';
import type { ActiveFault, FaultRule } from '../zoho/faults';
import type { TCreateContactField, TDeleteContactField, TMintToken, TSalesforceFaultRule, TUpdateContactField } from './admin-schemas';
import { createCustomField, deleteCustomField, updateCustomField } from './custom-field-admin';
import { createListView, type ListView } from './list-views';
import type { DescribedField } from './describe';
import { SalesforceError } from './errors';
import { makeId } from './ids';
import { nextStamp } from './org';
import type { SalesforceOrg } from './org';
import { toJsonRecord } from './query-engine';
import { completeNewRecord, deleteRecord, findLiveRef, readFields, updateRecord } from './record-writes';
import type { SalesforceRequestLogEntry } from './request-monitor';
import type { SalesforceSandboxState } from './sandbox-state';
import { findType } from './schema';
import type { SObjectType } from './schema';
import { formatDate } from './sf-time';
import { mintTokenResponse } from './token-responses';
import type { TokenResponse } from './token-responses';
import type { SalesforceAppConfig } from './types';

export type SalesforceOrgSummary = {
  id: string;
  name: string;
  isSandbox: boolean;
  instanceUrl: string;
  loginUrl: string;
  users: { id: string; username: string; email: string; displayName: string }[];
  contactCount: number;
  leadCount: number;
  apiUsage: { used: number; max: number };
};

export type SalesforceActiveFault = TSalesforceFaultRule & { id: string; hits: number };
export type SalesforceCounters = { requests: Record<string, number>; statuses: Record<string, number>; apiUsage: Record<string, { used: number; max: number }> };
type JsonRecord = Record<string, unknown>;

/** Programmatic control of the Salesforce sandbox, for tests, benchmarks and the CLI; never for the product. */
export type SalesforceSandboxAdmin = {
  listOrgs(): SalesforceOrgSummary[];
  listApps(): SalesforceAppConfig[];
  /** Registers a connected app (e.g. once the product's callback URL is known); 409 when its client id exists. */
  createApp(app: SalesforceAppConfig): SalesforceAppConfig;
  /** A token response for (org, user) as if the user had gone through OAuth at the org's login host. */
  mintToken(orgId: string, input?: TMintToken): TokenResponse;
  getRecord(orgId: string, type: string, id: string): JsonRecord;
  /** Creates a record now (sandbox clock); no duplicate rule, so tests can plant duplicates. */
  createRecord(orgId: string, type: string, fields: Record<string, unknown>): JsonRecord;
  updateRecord(orgId: string, type: string, id: string, fields: Record<string, unknown>): JsonRecord;
  deleteRecord(orgId: string, type: string, id: string): void;
  /** Converts a lead: IsConverted, ConvertedContactId and a new (or the given) Contact; both stamps move. */
  convertLead(orgId: string, leadId: string, input?: { contactId?: string }): { leadId: string; contactId: string };
  listTasks(orgId: string): JsonRecord[];
  /** A list view of Contact whose members are the contacts its SOQL `where` matches (none: every contact). */
  createListView(orgId: string, input: { label: string; where?: string | null }): ListView;
  /**
   * Adds a custom field to Contact (default) or Lead, as Setup would: `name` gets `__c` if it has
   * not; `type` is one of our CRM field types (enumeration → picklist, multi_select →
   * multipicklist, number → double…). Returns the field as describe lists it; 409 when it exists.
   */
  createContactField(orgId: string, spec: TCreateContactField): DescribedField;
  /** Relabels a custom field or replaces its picklist options; standard fields are refused (400), unknown ones 404. */
  updateContactField(orgId: string, name: string, change: TUpdateContactField): DescribedField;
  /** Deletes a custom field: its values leave every record, and SOQL naming it gets INVALID_FIELD. */
  deleteContactField(orgId: string, name: string, options?: TDeleteContactField): void;
  now(): number;
  setClock(now: number | string): { now: string };
  advanceClock(ms: number): { now: string };
  setApiLimit(orgId: string, input: { max?: number; used?: number }): { max: number; used: number };
  expireAccessTokens(orgId: string): { expired: number };
  revokeToken(token: string): { revoked: boolean };
  addFault(rule: TSalesforceFaultRule): SalesforceActiveFault;
  listFaults(): SalesforceActiveFault[];
  clearFaults(): void;
  counters(): SalesforceCounters;
  requestLog(limit?: number): SalesforceRequestLogEntry[];
  /** Generates every seeded person of the org (or all orgs) now, so reads and bulk exports run from memory. */
  warmUp(orgId?: string): Promise<void>;
  reset(): void;
};

const VERSION = '62.0';

export function createSalesforceAdmin(state: SalesforceSandboxState): SalesforceSandboxAdmin {
  const orgOf = (id: string): SalesforceOrg => {
    const org = state.findOrg(id);
    if (!org) throw new AdminError(404, 'not_found', `No org ${id}`);
    return org;
  };
  const typeOf = (name: string): SObjectType => {
    const type = findType(name);
    if (!type) throw new AdminError(400, 'invalid_request', `Unknown sObject type ${name}: Contact, Lead or Task`);
    return type;
  };
  const asAdminError = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof SalesforceError) throw new AdminError(error.status === 404 ? 404 : 400, error.status === 404 ? 'not_found' : 'invalid_request', `${error.errorCode}: ${error.message}`);
      throw error;
    }
  };
  const json = (org: SalesforceOrg, type: SObjectType, record: Record<string, unknown>) => toJsonRecord(type, VERSION, org.schema.fieldsOf(type), record as never);
  const toFaultRule = (rule: TSalesforceFaultRule): FaultRule => {
    const { orgId, ...rest } = rule;
    return { ...rest, ...(orgId === undefined ? {} : { dataCentre: state.findOrg(orgId)?.id ?? orgId }) } as FaultRule;
  };
  const fromFault = (fault: ActiveFault): SalesforceActiveFault => {
    const { dataCentre, ...rest } = fault;
    return { ...rest, ...(dataCentre === undefined ? {} : { orgId: dataCentre }) } as SalesforceActiveFault;
  };

  return {
    listOrgs: () =>
      state.orgs.map((org) => ({
        id: org.id,
        name: org.name,
        isSandbox: org.isSandbox,
        instanceUrl: org.instanceUrl,
        loginUrl: org.isSandbox ? state.testLoginUrl : state.loginUrl,
        users: org.users.map((user) => ({ id: user.id, username: user.username, email: user.email, displayName: user.displayName })),
        contactCount: org.stores.Contact.seededCount,
        leadCount: org.stores.Lead.seededCount,
        apiUsage: { used: org.usage.used(), max: org.usage.max },
      })),
    listApps: () => [...state.apps.values()].map((app) => ({ ...app, redirectUris: [...app.redirectUris] })),
    createApp: (app) => {
      if (state.apps.has(app.clientId)) throw new AdminError(409, 'conflict', `App ${app.clientId} exists`);
      const created = { requirePkce: true, rotateRefreshTokens: false, ...app, redirectUris: [...app.redirectUris] };
      state.apps.set(app.clientId, created);
      return { ...created, redirectUris: [...created.redirectUris] };
    },
    mintToken: (orgId, input = {}) => {
      const org = orgOf(orgId);
      const user = input.userId ? org.users.find((candidate) => candidate.id === input.userId) : org.users[0];
      if (!user) throw new AdminError(404, 'not_found', `No user ${input.userId} in org ${org.id}`);
      const app = state.apps.get(input.clientId ?? [...state.apps.keys()][0] ?? '');
      if (!app) throw new AdminError(404, 'not_found', `No connected app ${input.clientId ?? ''}`);
      const loginOrigin = org.isSandbox ? state.testLoginUrl : state.loginUrl;
      const scope = 'api refresh_token';
      const refresh = input.withRefreshToken ? state.tokens.issueRefreshToken({ clientId: app.clientId, orgId: org.id, userId: user.id, loginOrigin, scope }) : null;
      return mintTokenResponse(state, { clientId: app.clientId, clientSecret: app.clientSecret, org, user, loginOrigin, scope, refresh, returnRefresh: true });
    },
    getRecord: (orgId, typeName, id) => {
      const org = orgOf(orgId);
      const type = typeOf(typeName);
      return asAdminError(() => {
        const ref = org.stores[type].refOf(id);
        const record = ref === null ? null : org.stores[type].read(ref);
        if (!record) throw new AdminError(404, 'not_found', `No ${type} ${id}`);
        return json(org, type, record);
      });
    },
    createListView: (orgId, input) => {
      const org = orgOf(orgId);
      try {
        return createListView(org, input);
      } catch (error) {
        throw new AdminError(400, 'invalid_request', `The list view's filter is not SOQL this sandbox reads: ${(error as Error).message}`);
      }
    },
    createRecord: (orgId, typeName, fields) => {
      const org = orgOf(orgId);
      const type = typeOf(typeName);
      return asAdminError(() => {
        const record = completeNewRecord(org, type, readFields(org, type, fields, 'create'));
        return json(org, type, org.stores[type].insert(record, nextStamp(org, state.now())).record);
      });
    },
    updateRecord: (orgId, typeName, id, fields) => {
      const org = orgOf(orgId);
      const type = typeOf(typeName);
      return asAdminError(() => json(org, type, updateRecord(org, type, id, fields, nextStamp(org, state.now()))));
    },
    deleteRecord: (orgId, typeName, id) => {
      const org = orgOf(orgId);
      const type = typeOf(typeName);
      asAdminError(() => deleteRecord(org, type, id, nextStamp(org, state.now())));
    },
    convertLead: (orgId, leadId, input = {}) => {
      const org = orgOf(orgId);
      return asAdminError(() => {
        const leads = org.stores.Lead;
        const leadRef = findLiveRef(org, 'Lead', leadId);
        const lead = leads.read(leadRef)!;
        if (lead.IsConverted) throw new AdminError(400, 'invalid_request', `Lead ${leadId} is already converted`);
        const stamp = nextStamp(org, state.now());
        let contactId: string;
        if (input.contactId) {
          const contactRef = findLiveRef(org, 'Contact', input.contactId);
          contactId = org.stores.Contact.update(contactRef, {}, stamp).Id as string;
        } else {
          const company = typeof lead.Company === 'string' && lead.Company !== '[not provided]' ? lead.Company : null;
          const contact = completeNewRecord(org, 'Contact', {
            FirstName: lead.FirstName ?? null,
            LastName: lead.LastName ?? null,
            Email: lead.Email ?? null,
            Phone: lead.Phone ?? null,
            MobilePhone: lead.MobilePhone ?? null,
            Title: lead.Title ?? null,
            MailingCountry: lead.Country ?? null,
            LeadSource: lead.LeadSource ?? null,
            DoNotCall: lead.DoNotCall ?? false,
            HasOptedOutOfEmail: lead.HasOptedOutOfEmail ?? false,
            AccountId: company ? makeId('Account', org.pod, 60_000_000 + leadRef) : null,
            'Account.Name': company,
          });
          contactId = org.stores.Contact.insert(contact, stamp).record.Id as string;
        }
        leads.update(leadRef, { IsConverted: true, ConvertedContactId: contactId, ConvertedDate: formatDate(state.now()), Status: 'Closed - Converted' }, stamp);
        return { leadId: lead.Id as string, contactId };
      });
    },
    listTasks: (orgId) => {
      const org = orgOf(orgId);
      const store = org.stores.Task;
      return [...store.refs()].map((ref) => json(org, 'Task', store.read(ref)!));
    },
    createContactField: (orgId, spec) => createCustomField(orgOf(orgId), spec),
    updateContactField: (orgId, name, change) => updateCustomField(orgOf(orgId), name, change),
    deleteContactField: (orgId, name, options = {}) => deleteCustomField(orgOf(orgId), name, options.objectType),
    now: () => state.now(),
    setClock: (now) => ({ now: new Date(state.setClock(typeof now === 'number' ? now : Date.parse(now))).toISOString() }),
    advanceClock: (ms) => ({ now: new Date(state.advanceClock(ms)).toISOString() }),
    setApiLimit: (orgId, input) => {
      const org = orgOf(orgId);
      if (input.max !== undefined) org.usage.max = input.max;
      if (input.used !== undefined) org.usage.setUsed(input.used);
      return { max: org.usage.max, used: org.usage.used() };
    },
    expireAccessTokens: (orgId) => ({ expired: state.tokens.expireAccessTokens(orgOf(orgId).id) }),
    revokeToken: (token) => ({ revoked: state.tokens.revoke(token) }),
    addFault: (rule) => fromFault(state.faults.add(toFaultRule(rule))),
    listFaults: () => state.faults.list().map(fromFault),
    clearFaults: () => state.faults.clear(),
    counters: () => ({ ...state.monitor.counts(), apiUsage: Object.fromEntries(state.orgs.map((org) => [org.id, { used: org.usage.used(), max: org.usage.max }])) }),
    requestLog: (limit) => state.monitor.entries(limit),
    warmUp: async (orgId) => {
      const orgs = orgId === undefined ? state.orgs : [orgOf(orgId)];
      for (const org of orgs) await org.people.warm();
    },
    reset: () => state.reset(),
  };
}
