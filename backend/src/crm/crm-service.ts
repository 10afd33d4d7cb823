import type { TPlatform } from '@voiceagent/shared';
import type {
  TokenSet,
  ConnectionInfo,
  AuthorizationResult,
  ProviderSession,
  CrmContactRecord,
  ContactPageRequest,
  ContactPage,
  NewContact,
  CreateContactResult,
  CallLog,
  AuthorizationUrlInput,
  CompleteAuthorizationInput,
  LogCallResult,
  CrmField,
  StandardFieldDefault,
  ContactUpdate,
  ContactRef,
  UpdateContactResult,
  CrmListSummary,
  CrmListMembersPage,
  WebhookSignatureInput,
  WebhookSignatureVerdict,
} from './crm-records';
import type { TContactObjectType } from '@voiceagent/shared';
import type { ProviderHttpClient } from './provider-http/provider-http-client';

export type * from './crm-records';

/**
 * CRMService, the abstract base every provider implements (HubSpotService, ZohoService, SalesforceService). Everything provider-specific — URLs, OAuth quirks, field mapping, paging, rate limits —
 * lives behind it, so routes and services above never branch on the platform.
 */
export abstract class CRMService {
  abstract readonly platform: TPlatform;
  /** True when this service talks to the local sandbox rather than the real provider. */
  abstract readonly isSandbox: boolean;

  /**
   * Whether the provider documents PKCE (RFC 7636, S256) on its authorize and token endpoints.
   * When true, the OAuth flow sends a `codeChallenge` here and the matching `codeVerifier` to
   * `completeAuthorization`.
   */
  abstract readonly supportsPkce: boolean;

  /**
   * Whether the user chooses where to sign in (Salesforce: production, sandbox or My Domain).
   * Other providers refuse a `loginHost` with a 400 rather than ignore it.
   */
  readonly supportsLoginHost: boolean = false;

  /**
   * Whether finding deletions means reading every deletion the CRM still keeps (HubSpot's
   * archived list cannot be filtered by time). Such deletion scans run once per
   * SYNC_DELETION_SCAN_HOURS; providers that can ask for deletions since a time scan every run.
   */
  readonly deletionsNeedFullScan: boolean = false;

  /**
   * Whether the sync may ask for the next page while it writes this one: true only where a page
   * read is a plain read that depends on the cursor alone and leaves nothing behind if its result
   * is thrown away (a stopped run discards at most that one read-ahead). Salesforce's Bulk reads
   * create and poll jobs, so it keeps to one request at a time.
   */
  readonly readsPagesAhead: boolean = false;

  /** Whether the CRM has leads beside contacts (Salesforce); the others refuse `objectType: 'lead'` with a 400. */
  readonly supportsLeads: boolean = false;

  /**
   * The CRM's own fields that mean a standard VoiceAgent field (HubSpot's `hs_timezone` is the time
   * zone): mapped by default when the catalogue is first read, for those the catalogue has, until
   * the user saves a mapping of their own.
   */
  readonly standardFieldDefaults: readonly StandardFieldDefault[] = [];

  /**
   * Most mapped fields one object's sync can ask for beside the standard ones (Zoho's Get Records
   * takes 50 field names in all); a larger mapping is refused when it is saved.
   */
  readonly maxMappedFieldsPerObject: number = Number.POSITIVE_INFINITY;

  /** The provider's consent page URL for this state and redirect URI (and PKCE challenge, S256). */
  abstract buildAuthorizationUrl(input: AuthorizationUrlInput): string;

  /**
   * Finishes the OAuth callback: reads provider-specific callback parameters (Zoho's
   * `accounts-server` and `location`), exchanges the code (with the PKCE verifier when the flow
   * used one), and reads the account identity.
   * Throws AppError `oauth_exchange_failed` when the provider refuses the code.
   */
  abstract completeAuthorization(input: CompleteAuthorizationInput): Promise<AuthorizationResult>;

  /** Uses the refresh token. Throws AppError `crm_auth_revoked` when the provider says it is no longer valid. */
  abstract refreshTokens(input: { refreshToken: string; connection: ConnectionInfo }): Promise<TokenSet>;

  /** Revokes the grant at the provider (disconnect). Best effort is the caller's decision. */
  abstract revoke(input: { refreshToken: string; connection: ConnectionInfo }): Promise<void>;

  /**
   * The HTTP client of one connection, relative to its API domain: paced by the account's shared
   * rate limiter, retrying with backoff, refreshing once on a 401 through `session`, and failing
   * with AppErrors (`provider_*`, `crm_auth_revoked`).
   */
  abstract createApiClient(session: ProviderSession): ProviderHttpClient;

  /**
   * One page of a sync run. Full: every live contact. Incremental: contacts changed at or after
   * `since`, then deletions since then. Paging caps (HubSpot search's 10,000 results, Zoho's
   * 2,000 by page and 100,000 by page token) are the provider's to get past: the caller just
   * follows `nextCursor` until it is null.
   */
  abstract fetchContactsPage(session: ProviderSession, request: ContactPageRequest): Promise<ContactPage>;

  /**
   * The current state of these records (up to any number; batched by the provider's limit, about
   * 100 ids a request), read with the standard fields and `fields` (mapped ones), as a sync page
   * would hold them. Ids the CRM no longer has are absent from the result: the caller treats them
   * as deleted. Real-time sync applies pushed changes with it.
   */
  abstract fetchContactsByIds(session: ProviderSession, objectType: TContactObjectType, ids: readonly string[], fields?: readonly string[]): Promise<CrmContactRecord[]>;

  /**
   * Whether a webhook delivery was signed by the CRM with this app's secret (HubSpot's signature
   * v3). Providers that push no signed deliveries (or check them another way) say 'invalid'.
   */
  verifyWebhookSignature(_input: WebhookSignatureInput): WebhookSignatureVerdict {
    return 'invalid';
  }

  /**
   * The CRM's field catalogue for contacts (and leads where `supportsLeads`): every field with its
   * label, our type, options, and whether it is custom, read-only or calculated. One or two
   * requests (HubSpot's properties API, Zoho's field metadata, Salesforce's describe of Contact and Lead).
   */
  abstract listFields(session: ProviderSession): Promise<CrmField[]>;

  /**
   * Creates one contact. A contact the CRM already holds (same email) → AppError `crm_duplicate`
   * with `details.existingId`. Not retried on a 5xx: a POST may have landed; the caller's
   * idempotency key decides whether to send it again.
   */
  abstract createContact(session: ProviderSession, input: NewContact): Promise<CrmContactRecord>;

  /** Creates up to 100 contacts with one result per input, in input order. */
  abstract createContacts(session: ProviderSession, inputs: NewContact[]): Promise<CreateContactResult[]>;

  /**
   * Most contacts one `updateContacts` request carries: HubSpot's batch update and Zoho's update
   * take 100, Salesforce's sObject Collections 200.
   */
  abstract readonly maxUpdatesPerBatch: number;

  /**
   * Sets fields on up to `maxUpdatesPerBatch` contacts of one object type in one batch request,
   * with one result per input in input order: a record the CRM refuses (gone, a value that does
   * not fit) fails alone, with the CRM's reason. A failure of the request as a whole (after the
   * client's retries of 429, 5xx and timeouts) throws. Safe to send again: it sets values.
   */
  abstract updateContacts(session: ProviderSession, items: ContactUpdate[]): Promise<UpdateContactResult[]>;

  /** Most contacts one `archiveContacts` request carries: HubSpot's batch archive and Zoho's delete take 100, Salesforce's 200. */
  abstract readonly maxArchivesPerBatch: number;

  /**
   * Archives (HubSpot) or deletes into the recycle bin (Zoho, Salesforce) up to `maxArchivesPerBatch`
   * contacts of one object type, with one result per input in input order; a request that fails
   * as a whole throws. A contact already gone counts as done where the CRM does not tell (HubSpot).
   */
  abstract archiveContacts(session: ProviderSession, items: ContactRef[]): Promise<UpdateContactResult[]>;

  /**
   * The CRM's contact lists: HubSpot's lists of contacts, Zoho's custom views of Contacts,
   * Salesforce's list views of Contact. A connection made without the scope lists need is
   * `provider_rejected` with `details.reason` 'missing_scope' (reconnecting grants it).
   */
  abstract listCrmLists(session: ProviderSession): Promise<CrmListSummary[]>;

  /**
   * One page of a list's members as the CRM's contact ids; `cursor` null for the first page, then
   * the previous page's `nextCursor`. A list the CRM does not have (deleted since) is `not_found`.
   */
  abstract fetchListMembers(session: ProviderSession, listId: string, cursor: string | null): Promise<CrmListMembersPage>;

  /**
   * Whether the CRM pushes contact changes to a channel we register and renew (Zoho's Watch
   * API); such a service also implements `ChangeNotifications` (see `hasChangeNotifications`).
   * HubSpot's webhooks belong to the app, not the connection, and Salesforce polls: false.
   */
  readonly supportsChangeNotifications: boolean = false;

  /**
   * Whether the CRM can be asked cheaply, on a short interval, if contacts changed since a mark
   * (Salesforce, which pushes nothing without Change Data Capture); such a service also implements
   * `ChangePoll` (see `hasChangePoll`).
   */
  readonly supportsChangePoll: boolean = false;

  /** Logs a finished outbound call on the contact; returns the CRM's id of the call record. */
  abstract logCall(session: ProviderSession, input: CallLog): Promise<{ externalId: string }>;

  /**
   * Most calls one `logCalls` request carries: HubSpot's batch create and Zoho's insert take 100,
   * Salesforce's sObject Collections 200.
   */
  abstract readonly maxCallsPerBatch: number;

  /**
   * Logs up to `maxCallsPerBatch` calls in one request, each on its contact, with one result per
   * input in input order: a record the CRM refuses fails alone. A failure of the request as a
   * whole (unreachable, 5xx, 429, timeout, revoked grant) throws, and then any of the calls may
   * or may not have been logged: `findLoggedCalls` tells. Never sent twice by the client itself.
   */
  abstract logCalls(session: ProviderSession, inputs: CallLog[]): Promise<LogCallResult[]>;

  /**
   * For each input, in input order, the call an earlier attempt logged on its contact (its body
   * holds the input's `marker`), or null: an attempt whose answer was lost (a timeout, a dropped
   * connection) may have logged it. A few batched reads for any number of inputs, not one each.
   */
  abstract findLoggedCalls(session: ProviderSession, inputs: CallLog[]): Promise<Array<{ externalId: string } | null>>;

  /** `findLoggedCalls` for one call. */
  async findLoggedCall(session: ProviderSession, input: CallLog): Promise<{ externalId: string } | null> {
    const [found] = await this.findLoggedCalls(session, [input]);
    return found ?? null;
  }
}

/** A channel to register: our id for it, the secret the CRM echoes back, where to post, until when. */
export type WatchRequest = { channelId: string; token: string; notifyUrl: string; expiresAt: Date };
/** A channel as the CRM registered it: its expiry may be earlier than asked. */
export type WatchedChannel = { channelId: string; expiresAt: Date };

/**
 * The channel lifecycle of a CRM that pushes contact changes (`supportsChangeNotifications`).
 * A connection made without the notifications scope is `provider_rejected` with
 * `details.reason` 'missing_scope' (reconnecting grants it).
 */
export type ChangeNotifications = {
  /** The longest life a channel may be asked for (Zoho: one day; we ask for a little less). */
  readonly maxWatchLifetimeMs: number;
  /** Registers a channel for the connection's contacts (create, update, delete). */
  watchContacts(session: ProviderSession, request: WatchRequest): Promise<WatchedChannel>;
  /** Moves a channel's expiry; null when the CRM no longer has the channel (expired or dropped). */
  renewWatch(session: ProviderSession, input: { channelId: string; expiresAt: Date }): Promise<WatchedChannel | null>;
  /** Stops a channel; a channel the CRM no longer has counts as stopped. */
  stopWatch(session: ProviderSession, channelId: string): Promise<void>;
};

export function hasChangeNotifications(service: CRMService): service is CRMService & ChangeNotifications {
  return service.supportsChangeNotifications;
}

/** What a change poll asks: changes after `mark` (the last poll's answer), or from `since` (the sync's watermark) when there is none yet. */
export type ChangePollRequest = { mark: string | null; since: Date | null };
/** Whether something changed, and the mark to ask from next time (the CRM's own time of the newest change seen). */
export type ChangePollResult = { changed: boolean; mark: string | null };

/** The near-real-time check of a CRM without pushes (`supportsChangePoll`): one request when nothing changed. */
export type ChangePoll = {
  pollChanges(session: ProviderSession, request: ChangePollRequest): Promise<ChangePollResult>;
};

export function hasChangePoll(service: CRMService): service is CRMService & ChangePoll {
  return service.supportsChangePoll;
}
