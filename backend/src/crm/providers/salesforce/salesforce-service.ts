import type { TContactObjectType } from '@voiceagent/shared';
import { readSalesforceRecordsByIds } from './salesforce-records-by-ids';
import type { ProviderAppConfig } from '../../../config';
import { AppError } from '../../../http/app-error';
import {
  CRMService,
  type AuthorizationResult,
  type AuthorizationUrlInput,
  type CallLog,
  type ChangePoll,
  type ChangePollRequest,
  type ChangePollResult,
  type ContactRef,
  type ContactUpdate,
  type UpdateContactResult,
  type CompleteAuthorizationInput,
  type ConnectionInfo,
  type ContactPage,
  type ContactPageRequest,
  type CrmField,
  type CrmListMembersPage,
  type CrmListSummary,
  type CreateContactResult,
  type CrmContactRecord,
  type LogCallResult,
  type NewContact,
  type ProviderSession,
  type TokenSet,
} from '../../crm-service';
import type { ProviderHttpClient, ProviderHttpSettings } from '../../provider-http/provider-http-client';
import { createMemoryBudgetStore } from '../../provider-http/memory-budget-store';
import { createRateLimiterPool, type RateLimiterPool } from '../../provider-http/rate-limiter-pool';
import { createApiAllowance, type ApiAllowance } from './salesforce-api-allowance';
import { findSalesforceCalls } from './salesforce-call-lookup';
import { pollSalesforceChanges } from './salesforce-change-poll';
import { createSalesforceApiClient, createSalesforceOAuthClient, SALESFORCE_RATE_LIMITS, type SalesforceRateLimits } from './salesforce-client';
import { fetchSalesforceContactsPage } from './salesforce-contacts';
import { listSalesforceFields, SALESFORCE_STANDARD_FIELD_DEFAULTS } from './salesforce-fields';
import { checkApiOrigin, checkLoginOrigin, resolveLoginOrigin, salesforceTrustFor, type SalesforceTrust } from './salesforce-login-hosts';
import { buildSalesforceAuthorizeUrl, exchangeSalesforceCode, readSalesforceIdentity, refreshSalesforceTokens, revokeSalesforceToken } from './salesforce-oauth';
import { SALESFORCE_SYNC_SETTINGS, type SalesforceSyncSettings } from './salesforce-sync-settings';
import { createSalesforceContact, createSalesforceContacts, logSalesforceCall, logSalesforceCalls, MAX_CALLS_PER_BATCH } from './salesforce-writes';
import { archiveSalesforceContacts, updateSalesforceContacts, MAX_UPDATES_PER_BATCH } from './salesforce-updates';
import { fetchSalesforceListViewMembers, listSalesforceListViews } from './salesforce-lists';

export type SalesforceServiceOptions = {
  http?: Partial<ProviderHttpSettings>;
  /** Shared with the other services of this process so each org has one concurrency budget. */
  limiters?: RateLimiterPool;
  rateLimits?: Partial<SalesforceRateLimits>;
  /** Bulk threshold, API reserve, page sizes and waits; tests shrink them. */
  sync?: Partial<SalesforceSyncSettings>;
};

/**
 * Salesforce behind CRMService: OAuth 2.0 web server flow with PKCE at the login host the user
 * chose (production, sandbox or My Domain), a verified token response, REST calls to the org's
 * instance_url, and syncs that leave part of the org's daily API allowance to its other integrations.
 */
export class SalesforceService extends CRMService implements ChangePoll {
  readonly platform = 'salesforce' as const;
  readonly isSandbox: boolean;
  /** Salesforce documents PKCE (S256) on its web server flow, and connected apps can require it. */
  readonly supportsPkce = true;
  override readonly supportsLoginHost = true;
  override readonly supportsLeads = true;
  override readonly supportsChangePoll = true;
  readonly maxCallsPerBatch = MAX_CALLS_PER_BATCH;
  readonly maxUpdatesPerBatch = MAX_UPDATES_PER_BATCH;
  readonly maxArchivesPerBatch = MAX_UPDATES_PER_BATCH;
  override readonly standardFieldDefaults = SALESFORCE_STANDARD_FIELD_DEFAULTS;
  private readonly trust: SalesforceTrust;
  private readonly oauth: ProviderHttpClient;
  private readonly limiters: RateLimiterPool;
  private readonly rateLimits: SalesforceRateLimits;
  private readonly sync: SalesforceSyncSettings;
  private readonly allowance: ApiAllowance;

  constructor(
    private readonly app: ProviderAppConfig,
    private readonly options: SalesforceServiceOptions = {},
  ) {
    super();
    this.isSandbox = app.isSandbox;
    this.trust = salesforceTrustFor(app);
    this.oauth = createSalesforceOAuthClient(options.http);
    // The registry passes the process's pool on the shared (Postgres) store; a service built alone is a test's.
    this.limiters = options.limiters ?? createRateLimiterPool(createMemoryBudgetStore());
    this.rateLimits = { ...SALESFORCE_RATE_LIMITS, ...options.rateLimits };
    this.sync = { ...SALESFORCE_SYNC_SETTINGS, ...stripUndefined(options.sync ?? {}) };
    this.allowance = createApiAllowance();
  }

  buildAuthorizationUrl(input: AuthorizationUrlInput): string {
    return buildSalesforceAuthorizeUrl(resolveLoginOrigin(input.loginHost, this.app, this.trust), this.app, input);
  }

  async completeAuthorization(input: CompleteAuthorizationInput): Promise<AuthorizationResult> {
    const loginOrigin = resolveLoginOrigin(input.loginHost, this.app, this.trust);
    const exchange = await exchangeSalesforceCode(this.oauth, this.app, loginOrigin, input);
    try {
      const instanceOrigin = checkApiOrigin(exchange.instanceUrl, this.trust, 'instance URL');
      const identity = await readSalesforceIdentity(this.oauth, exchange.identityUrl, this.trust, exchange.tokens.accessToken);
      return {
        tokens: exchange.tokens,
        connection: { externalAccountId: identity.orgId, accountName: identity.username, dataCentre: null, apiDomain: instanceOrigin, accountsServer: loginOrigin },
      };
    } catch (error) {
      // Nothing will use this grant: don't leave it standing in the customer's org.
      await revokeSalesforceToken(this.oauth, loginOrigin, exchange.tokens.refreshToken).catch(() => undefined);
      throw error;
    }
  }

  refreshTokens(input: { refreshToken: string; connection: ConnectionInfo }): Promise<TokenSet> {
    return refreshSalesforceTokens(this.oauth, this.app, this.storedLoginOrigin(input.connection), input.refreshToken);
  }

  revoke(input: { refreshToken: string; connection: ConnectionInfo }): Promise<void> {
    return revokeSalesforceToken(this.oauth, this.storedLoginOrigin(input.connection), input.refreshToken);
  }

  createApiClient(session: ProviderSession): ProviderHttpClient {
    // Checked again on the way out: a stored value is only as trustworthy as the database.
    const instanceOrigin = this.checkStored(() => checkApiOrigin(session.connection.apiDomain, this.trust, 'instance URL'));
    return createSalesforceApiClient(session, instanceOrigin, { limiters: this.limiters, rateLimits: this.rateLimits, allowance: this.allowance, http: this.options.http });
  }

  fetchContactsPage(session: ProviderSession, request: ContactPageRequest): Promise<ContactPage> {
    const context = { http: this.createApiClient(session), orgId: session.connection.externalAccountId, allowance: this.allowance, settings: this.sync };
    return fetchSalesforceContactsPage(context, request);
  }

  fetchContactsByIds(session: ProviderSession, objectType: TContactObjectType, ids: readonly string[], fields?: readonly string[]): Promise<CrmContactRecord[]> {
    return readSalesforceRecordsByIds(this.createApiClient(session), objectType, ids, fields);
  }

  pollChanges(session: ProviderSession, request: ChangePollRequest): Promise<ChangePollResult> {
    const context = { http: this.createApiClient(session), orgId: session.connection.externalAccountId, allowance: this.allowance, settings: this.sync };
    return pollSalesforceChanges(context, request);
  }

  listCrmLists(session: ProviderSession): Promise<CrmListSummary[]> {
    return listSalesforceListViews(this.createApiClient(session));
  }

  fetchListMembers(session: ProviderSession, listId: string, cursor: string | null): Promise<CrmListMembersPage> {
    return fetchSalesforceListViewMembers(this.createApiClient(session), listId, cursor);
  }

  listFields(session: ProviderSession): Promise<CrmField[]> {
    return listSalesforceFields(this.createApiClient(session));
  }

  createContact(session: ProviderSession, input: NewContact): Promise<CrmContactRecord> {
    return createSalesforceContact(this.createApiClient(session), input);
  }

  createContacts(session: ProviderSession, inputs: NewContact[]): Promise<CreateContactResult[]> {
    return createSalesforceContacts(this.createApiClient(session), inputs);
  }

  updateContacts(session: ProviderSession, items: ContactUpdate[]): Promise<UpdateContactResult[]> {
    return updateSalesforceContacts(this.createApiClient(session), items);
  }

  archiveContacts(session: ProviderSession, items: ContactRef[]): Promise<UpdateContactResult[]> {
    return archiveSalesforceContacts(this.createApiClient(session), items);
  }

  logCall(session: ProviderSession, input: CallLog): Promise<{ externalId: string }> {
    return logSalesforceCall(this.createApiClient(session), input);
  }

  logCalls(session: ProviderSession, inputs: CallLog[]): Promise<LogCallResult[]> {
    return logSalesforceCalls(this.createApiClient(session), inputs);
  }

  findLoggedCalls(session: ProviderSession, inputs: CallLog[]): Promise<Array<{ externalId: string } | null>> {
    return findSalesforceCalls(this.createApiClient(session), inputs);
  }

  private storedLoginOrigin(connection: ConnectionInfo): string {
    return this.checkStored(() => checkLoginOrigin(connection.accountsServer, this.trust));
  }

  private checkStored<T>(resolve: () => T): T {
    try {
      return resolve();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError('crm_auth_revoked', `The stored Salesforce connection points at a server that is not Salesforce's; reconnect it. ${error.message}`, error.details);
    }
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
