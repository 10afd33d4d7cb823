import type { ProviderAppConfig } from '../../../config';
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
  type TokenSet,
  type WebhookSignatureInput,
  type WebhookSignatureVerdict,
} from '../../crm-service';
import type { TContactObjectType } from '@voiceagent/shared';
import { AppError } from '../../../http/app-error';
import { readHubSpotContactsByIds } from './hubspot-batch-read';
import { verifyHubSpotSignature } from './hubspot-webhook-signature';
import type { ProviderHttpClient, ProviderHttpSettings } from '../../provider-http/provider-http-client';
import { createMemoryBudgetStore } from '../../provider-http/memory-budget-store';
import { createRateLimiterPool, type RateLimiterPool } from '../../provider-http/rate-limiter-pool';
import { findHubSpotCalls } from './hubspot-call-lookup';
import { hubSpotTrustFor, resolveHubSpotApiBase, type HubSpotTrust } from './hubspot-api-hosts';
import { fetchHubSpotContactsPage } from './hubspot-contacts';
import { HUBSPOT_STANDARD_FIELD_DEFAULTS, listHubSpotFields } from './hubspot-fields';
import { fetchHubSpotListMembers, listHubSpotLists } from './hubspot-lists';
import { createHubSpotApiClient, createHubSpotOAuthClient, HUBSPOT_RATE_LIMITS, type HubSpotRateLimits } from './hubspot-client';
import { buildHubSpotAuthorizeUrl, exchangeHubSpotCode, readHubSpotTokenInfo, refreshHubSpotTokens, revokeHubSpotRefreshToken } from './hubspot-oauth';
import { HUBSPOT_SYNC_SETTINGS, type HubSpotSyncSettings } from './hubspot-sync-settings';
import { createHubSpotContact, createHubSpotContacts, logHubSpotCall, logHubSpotCalls, MAX_CALLS_PER_BATCH } from './hubspot-writes';
import { archiveHubSpotContacts, updateHubSpotContacts, MAX_UPDATES_PER_BATCH } from './hubspot-updates';

export type HubSpotServiceOptions = {
  http?: Partial<ProviderHttpSettings>;
  /** Shared with the other services of this process so each portal has one budget. */
  limiters?: RateLimiterPool;
  rateLimits?: Partial<HubSpotRateLimits>;
  /** HubSpot's paging limits; tests shrink them to reach a cap sooner. */
  sync?: Partial<HubSpotSyncSettings>;
};

/** HubSpot behind CRMService: OAuth 2.0 with the v1 token API, and one paced client per portal. */
export class HubSpotService extends CRMService {
  readonly platform = 'hubspot' as const;
  readonly isSandbox: boolean;
  readonly maxCallsPerBatch = MAX_CALLS_PER_BATCH;
  readonly maxUpdatesPerBatch = MAX_UPDATES_PER_BATCH;
  readonly maxArchivesPerBatch = MAX_UPDATES_PER_BATCH;
  /** Archived contacts can only be listed whole. */
  override readonly deletionsNeedFullScan = true;
  /** Page reads are plain GETs and searches, led by the cursor alone. */
  override readonly readsPagesAhead = true;
  /** hs_timezone, hs_language and hubspot_owner_id: HubSpot's own properties for three standard fields. */
  override readonly standardFieldDefaults = HUBSPOT_STANDARD_FIELD_DEFAULTS;
  private readonly oauth: ProviderHttpClient;
  private readonly limiters: RateLimiterPool;
  private readonly rateLimits: HubSpotRateLimits;
  private readonly sync: HubSpotSyncSettings;
  private readonly trust: HubSpotTrust;

  constructor(
    private readonly app: ProviderAppConfig,
    private readonly options: HubSpotServiceOptions = {},
  ) {
    super();
    this.isSandbox = app.isSandbox;
    this.oauth = createHubSpotOAuthClient(app.apiBaseUrl, options.http);
    // The registry passes the process's pool on the shared (Postgres) store; a service built alone is a test's.
    this.limiters = options.limiters ?? createRateLimiterPool(createMemoryBudgetStore());
    this.rateLimits = { ...HUBSPOT_RATE_LIMITS, ...options.rateLimits };
    this.sync = { ...HUBSPOT_SYNC_SETTINGS, ...options.sync };
    this.trust = hubSpotTrustFor(app);
  }

  /**
   * HubSpot's authorize-URL documentation (legacy and v3 OAuth guides) lists only client_id,
   * scope, optional_scope, redirect_uri and state: no code_challenge. Its token endpoint
   * reference names a `code_verifier`, but without a documented challenge on the consent side
   * there is nothing to verify it against, so we send neither; the browser-bound state still
   * protects the flow. Flip this once HubSpot documents PKCE for authorization.
   */
  readonly supportsPkce = false;

  buildAuthorizationUrl(input: AuthorizationUrlInput): string {
    return buildHubSpotAuthorizeUrl(this.app, input);
  }

  /** HubSpot's callback carries only code and state: exchange, then ask whose token it is. */
  async completeAuthorization(input: CompleteAuthorizationInput): Promise<AuthorizationResult> {
    const tokens = await exchangeHubSpotCode(this.oauth, this.app, input);
    const info = await readHubSpotTokenInfo(this.oauth, tokens.accessToken);
    return {
      tokens: { ...tokens, scopes: info.scopes.length > 0 ? info.scopes : tokens.scopes },
      connection: {
        externalAccountId: info.hubId,
        accountName: info.hubDomain ?? `HubSpot portal ${info.hubId}`,
        dataCentre: null,
        apiDomain: this.app.apiBaseUrl,
        accountsServer: null,
      },
    };
  }

  refreshTokens(input: { refreshToken: string; connection: ConnectionInfo }): Promise<TokenSet> {
    return refreshHubSpotTokens(this.oauth, this.app, input.refreshToken);
  }

  revoke(input: { refreshToken: string; connection: ConnectionInfo }): Promise<void> {
    return revokeHubSpotRefreshToken(this.oauth, input.refreshToken);
  }

  createApiClient(session: ProviderSession): ProviderHttpClient {
    // Checked on the way out: a stored value is only as trustworthy as the database.
    const apiBase = resolveHubSpotApiBase(session.connection.apiDomain, this.trust);
    return createHubSpotApiClient(session, apiBase, { limiters: this.limiters, rateLimits: this.rateLimits, http: this.options.http });
  }

  fetchContactsPage(session: ProviderSession, request: ContactPageRequest): Promise<ContactPage> {
    return fetchHubSpotContactsPage(this.createApiClient(session), request, this.sync);
  }

  fetchContactsByIds(session: ProviderSession, objectType: TContactObjectType, ids: readonly string[], fields?: readonly string[]): Promise<CrmContactRecord[]> {
    if (objectType !== 'contact') throw new AppError('validation_failed', 'HubSpot has contacts only, no leads', { objectType });
    return readHubSpotContactsByIds(this.createApiClient(session), ids, fields);
  }

  /** Signature v3 under the app's client secret, the one HubSpot signs every delivery of the app with. */
  override verifyWebhookSignature(input: WebhookSignatureInput): WebhookSignatureVerdict {
    return verifyHubSpotSignature(this.app.clientSecret, input);
  }

  listFields(session: ProviderSession): Promise<CrmField[]> {
    return listHubSpotFields(this.createApiClient(session));
  }

  listCrmLists(session: ProviderSession): Promise<CrmListSummary[]> {
    return listHubSpotLists(this.createApiClient(session));
  }

  fetchListMembers(session: ProviderSession, listId: string, cursor: string | null): Promise<CrmListMembersPage> {
    return fetchHubSpotListMembers(this.createApiClient(session), listId, cursor);
  }

  createContact(session: ProviderSession, input: NewContact): Promise<CrmContactRecord> {
    return createHubSpotContact(this.createApiClient(session), input);
  }

  createContacts(session: ProviderSession, inputs: NewContact[]): Promise<CreateContactResult[]> {
    return createHubSpotContacts(this.createApiClient(session), inputs);
  }

  updateContacts(session: ProviderSession, items: ContactUpdate[]): Promise<UpdateContactResult[]> {
    return updateHubSpotContacts(this.createApiClient(session), items);
  }

  archiveContacts(session: ProviderSession, items: ContactRef[]): Promise<UpdateContactResult[]> {
    return archiveHubSpotContacts(this.createApiClient(session), items);
  }

  logCall(session: ProviderSession, input: CallLog): Promise<{ externalId: string }> {
    return logHubSpotCall(this.createApiClient(session), input);
  }

  logCalls(session: ProviderSession, inputs: CallLog[]): Promise<LogCallResult[]> {
    return logHubSpotCalls(this.createApiClient(session), inputs);
  }

  findLoggedCalls(session: ProviderSession, inputs: CallLog[]): Promise<Array<{ externalId: string } | null>> {
    return findHubSpotCalls(this.createApiClient(session), inputs);
  }
}
