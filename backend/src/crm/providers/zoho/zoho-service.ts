import type { TContactObjectType } from '@voiceagent/shared';
import type { ProviderAppConfig } from '../../../config';
import { AppError } from '../../../http/app-error';
import {
  CRMService,
  type AuthorizationResult,
  type AuthorizationUrlInput,
  type CallLog,
  type ContactRef,
  type ContactUpdate,
  type UpdateContactResult,
  type CompleteAuthorizationInput,
  type ConnectionInfo,
  type ContactPage,
  type ContactPageRequest,
  type CreateContactResult,
  type CrmContactRecord,
  type CrmField,
  type CrmListMembersPage,
  type CrmListSummary,
  type LogCallResult,
  type NewContact,
  type ProviderSession,
  type StandardFieldDefault,
  type TokenSet,
  type ChangeNotifications,
  type WatchedChannel,
  type WatchRequest,
} from '../../crm-service';
import type { ProviderHttpClient, ProviderHttpSettings } from '../../provider-http/provider-http-client';
import type { BudgetStore } from '../../provider-http/budget-store';
import { createMemoryBudgetStore } from '../../provider-http/memory-budget-store';
import { createRateLimiterPool, type RateLimiterPool } from '../../provider-http/rate-limiter-pool';
import { findZohoCalls } from './zoho-call-lookup';
import { fetchZohoContactsPage } from './zoho-contacts';
import { createZohoApiClient, createZohoOAuthClient, ZOHO_RATE_LIMITS, type ZohoRateLimits } from './zoho-client';
import { resolveAccountsServer, resolveApiDomain, trustFor, type ZohoTrust } from './zoho-data-centres';
import { listZohoFields } from './zoho-fields';
import { buildZohoAuthorizeUrl, exchangeZohoCode, readZohoOrg, refreshZohoTokens, revokeZohoRefreshToken } from './zoho-oauth';
import { createRefreshBudget, type RefreshBudget } from './zoho-refresh-budget';
import { ZOHO_CONTACT_FIELDS } from './zoho-mapping';
import { ZOHO_MAX_FIELDS_PER_REQUEST } from './zoho-records';
import { ZOHO_SYNC_SETTINGS, type ZohoSyncSettings } from './zoho-sync-settings';
import { createZohoContact, createZohoContacts, logZohoCall, logZohoCalls, MAX_CALLS_PER_BATCH } from './zoho-writes';
import { archiveZohoContacts, updateZohoContacts, MAX_UPDATES_PER_BATCH } from './zoho-updates';
import { fetchZohoViewMembers, listZohoCustomViews } from './zoho-lists';
import { readZohoContactsByIds } from './zoho-records-by-ids';
import { disableZohoWatch, enableZohoWatch, renewZohoWatch, ZOHO_WATCH_LIFETIME_MS } from './zoho-watch';

export type ZohoServiceOptions = {
  http?: Partial<ProviderHttpSettings>;
  /** Shared with the other services of this process so each org has one concurrency budget. */
  limiters?: RateLimiterPool;
  rateLimits?: Partial<ZohoRateLimits>;
  /** Refreshes allowed per refresh token per window (Zoho: 10 per 10 minutes). */
  refreshBudget?: { max?: number; windowMs?: number };
  /** Where the refresh budget is counted: the registry passes the shared (Postgres) store. */
  budgets?: BudgetStore;
  /** Zoho's paging limits; tests shrink them to reach a cap sooner. */
  sync?: Partial<ZohoSyncSettings>;
};

/**
 * Zoho CRM behind CRMService: OAuth 2.0 across data centres. The callback's accounts server and
 * the token response's API domain decide where every later call goes — and are checked against
 * Zoho's own hosts first, because they arrive from outside.
 */
export class ZohoService extends CRMService implements ChangeNotifications {
  readonly platform = 'zoho' as const;
  readonly isSandbox: boolean;
  readonly maxCallsPerBatch = MAX_CALLS_PER_BATCH;
  readonly maxUpdatesPerBatch = MAX_UPDATES_PER_BATCH;
  readonly maxArchivesPerBatch = MAX_UPDATES_PER_BATCH;
  /**
   * Zoho's Contacts have no standard time zone, language, do-not-call or consent field (those are
   * the org's own custom fields, named as it likes); the owner is the one field every org has.
   */
  override readonly maxMappedFieldsPerObject = ZOHO_MAX_FIELDS_PER_REQUEST - ZOHO_CONTACT_FIELDS.length;
  override readonly standardFieldDefaults: readonly StandardFieldDefault[] = [{ objectType: 'contact', field: 'Owner', target: 'accountOwner' }];
  /** Zoho's Notification API (Watch): a channel per connection, renewed before its one-day expiry. */
  override readonly supportsChangeNotifications = true;
  /** Page reads are plain GETs, led by the cursor alone. */
  override readonly readsPagesAhead = true;
  readonly maxWatchLifetimeMs = ZOHO_WATCH_LIFETIME_MS;
  private readonly trust: ZohoTrust;
  private readonly oauth: ProviderHttpClient;
  private readonly limiters: RateLimiterPool;
  private readonly rateLimits: ZohoRateLimits;
  private readonly refreshBudget: RefreshBudget;
  private readonly sync: ZohoSyncSettings;

  constructor(
    private readonly app: ProviderAppConfig,
    private readonly options: ZohoServiceOptions = {},
  ) {
    super();
    this.isSandbox = app.isSandbox;
    this.trust = trustFor(app);
    this.oauth = createZohoOAuthClient(options.http);
    // The registry passes the process's pool on the shared (Postgres) store; a service built alone is a test's.
    this.limiters = options.limiters ?? createRateLimiterPool(createMemoryBudgetStore());
    this.rateLimits = { ...ZOHO_RATE_LIMITS, ...options.rateLimits };
    this.refreshBudget = createRefreshBudget(options.budgets ?? createMemoryBudgetStore(), options.refreshBudget);
    this.sync = { ...ZOHO_SYNC_SETTINGS, ...options.sync };
  }

  /**
   * Zoho Accounts documents code_challenge / code_challenge_method (S256) on /oauth/v2/auth and
   * code_verifier on /oauth/v2/token (its mobile and desktop app guides; the same endpoints
   * server-based apps use, alongside the client secret).
   */
  readonly supportsPkce = true;

  buildAuthorizationUrl(input: AuthorizationUrlInput): string {
    return buildZohoAuthorizeUrl(this.app, input);
  }

  async completeAuthorization(input: CompleteAuthorizationInput): Promise<AuthorizationResult> {
    const { accountsServer, dataCentre } = resolveAccountsServer(input.callbackQuery['accounts-server'], input.callbackQuery.location, this.trust, this.app.apiBaseUrl);
    const { tokens, apiDomain: rawApiDomain } = await exchangeZohoCode(this.oauth, this.app, accountsServer, input);
    try {
      const apiDomain = resolveApiDomain(rawApiDomain, this.trust);
      const org = await readZohoOrg(this.oauth, apiDomain, tokens.accessToken);
      return {
        tokens,
        connection: { externalAccountId: org.id, accountName: org.companyName ?? `Zoho org ${org.id}`, dataCentre, apiDomain, accountsServer },
      };
    } catch (error) {
      // Zoho keeps 20 refresh tokens per user and drops the oldest: don't leave an unusable one behind.
      await revokeZohoRefreshToken(this.oauth, accountsServer, tokens.refreshToken).catch(() => undefined);
      throw error;
    }
  }

  async refreshTokens(input: { refreshToken: string; connection: ConnectionInfo }): Promise<TokenSet> {
    const accountsServer = this.storedAccountsServer(input.connection);
    await this.refreshBudget.spend(input.refreshToken);
    return refreshZohoTokens(this.oauth, this.app, accountsServer, input.refreshToken);
  }

  async revoke(input: { refreshToken: string; connection: ConnectionInfo }): Promise<void> {
    return revokeZohoRefreshToken(this.oauth, this.storedAccountsServer(input.connection), input.refreshToken);
  }

  createApiClient(session: ProviderSession): ProviderHttpClient {
    // Checked again on the way out: a stored value is only as trustworthy as the database.
    const apiDomain = this.checkStored(() => resolveApiDomain(session.connection.apiDomain, this.trust));
    return createZohoApiClient(session, apiDomain, { limiters: this.limiters, rateLimits: this.rateLimits, http: this.options.http });
  }

  fetchContactsPage(session: ProviderSession, request: ContactPageRequest): Promise<ContactPage> {
    return fetchZohoContactsPage(this.createApiClient(session), request, this.sync);
  }

  listCrmLists(session: ProviderSession): Promise<CrmListSummary[]> {
    return listZohoCustomViews(this.createApiClient(session));
  }

  fetchListMembers(session: ProviderSession, listId: string, cursor: string | null): Promise<CrmListMembersPage> {
    return fetchZohoViewMembers(this.createApiClient(session), listId, cursor);
  }

  fetchContactsByIds(session: ProviderSession, objectType: TContactObjectType, ids: readonly string[], fields?: readonly string[]): Promise<CrmContactRecord[]> {
    if (objectType !== 'contact') throw new AppError('validation_failed', 'Zoho CRM syncs contacts only, no leads', { objectType });
    return readZohoContactsByIds(this.createApiClient(session), ids, fields);
  }

  listFields(session: ProviderSession): Promise<CrmField[]> {
    return listZohoFields(this.createApiClient(session));
  }

  createContact(session: ProviderSession, input: NewContact): Promise<CrmContactRecord> {
    return createZohoContact(this.createApiClient(session), input);
  }

  createContacts(session: ProviderSession, inputs: NewContact[]): Promise<CreateContactResult[]> {
    return createZohoContacts(this.createApiClient(session), inputs);
  }

  updateContacts(session: ProviderSession, items: ContactUpdate[]): Promise<UpdateContactResult[]> {
    return updateZohoContacts(this.createApiClient(session), items);
  }

  archiveContacts(session: ProviderSession, items: ContactRef[]): Promise<UpdateContactResult[]> {
    return archiveZohoContacts(this.createApiClient(session), items);
  }

  logCall(session: ProviderSession, input: CallLog): Promise<{ externalId: string }> {
    return logZohoCall(this.createApiClient(session), input);
  }

  logCalls(session: ProviderSession, inputs: CallLog[]): Promise<LogCallResult[]> {
    return logZohoCalls(this.createApiClient(session), inputs);
  }

  findLoggedCalls(session: ProviderSession, inputs: CallLog[]): Promise<Array<{ externalId: string } | null>> {
    return findZohoCalls(this.createApiClient(session), inputs);
  }

  watchContacts(session: ProviderSession, request: WatchRequest): Promise<WatchedChannel> {
    return enableZohoWatch(this.createApiClient(session), request);
  }

  renewWatch(session: ProviderSession, input: { channelId: string; expiresAt: Date }): Promise<WatchedChannel | null> {
    return renewZohoWatch(this.createApiClient(session), input);
  }

  stopWatch(session: ProviderSession, channelId: string): Promise<void> {
    return disableZohoWatch(this.createApiClient(session), channelId);
  }

  private storedAccountsServer(connection: ConnectionInfo): string {
    return this.checkStored(() => resolveAccountsServer(connection.accountsServer ?? undefined, connection.dataCentre ?? undefined, this.trust, this.app.apiBaseUrl).accountsServer);
  }

  private checkStored<T>(resolve: () => T): T {
    try {
      return resolve();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError('crm_auth_revoked', `The stored Zoho connection points at a server that is not Zoho's; reconnect it. ${error.message}`, error.details);
    }
  }
}
