import type { TPlatform } from '@voiceagent/shared';
import type { ErrorCode } from '../http/app-error';
import type { ProviderHttpClient } from './provider-http/provider-http-client';

/** OAuth tokens as a provider issued them. Plaintext lives only in memory, never in the database. */
export type TokenSet = {
  accessToken: string;
  /** Zoho's refresh grant returns no new refresh token: the caller keeps the old one. */
  refreshToken?: string;
  expiresAt: Date;
  scopes: string[];
};

/** Which account a credential belongs to and where its API lives. */
export type ConnectionInfo = {
  /** HubSpot portal (hub) id; Zoho org id. */
  externalAccountId: string;
  /** A human label: HubSpot hub domain; Zoho company name. */
  accountName: string;
  /** Zoho data centre location (us, eu, in, au, jp, ca, sa, cn); null for HubSpot. */
  dataCentre: string | null;
  /** Base URL of the CRM API for this account (Zoho's api_domain; HubSpot's API base). */
  apiDomain: string;
  /** Zoho's accounts server for this data centre (token refresh and revoke go there). */
  accountsServer: string | null;
};

export type AuthorizationResult = { tokens: TokenSet & { refreshToken: string }; connection: ConnectionInfo };

/**
 * What a provider call needs from the credential store: the current access token, and a way
 * to get a fresh one when the provider answers 401 (single-flight: concurrent callers share
 * one refresh). Supplied by the credentials module; providers never see the database.
 */
export type ProviderSession = {
  connection: ConnectionInfo;
  getAccessToken(): Promise<string>;
  /** Refreshes unless someone already replaced `staleToken`; returns the token to retry with. */
  refreshAccessToken(staleToken: string): Promise<string>;
};

/**
 * A contact as every provider hands it to the sync: the provider's fields mapped to ours, the
 * phone numbers exactly as the CRM holds them (the sync normalises them to E.164).
 */
export type CrmContactRecord = {
  externalId: string;
  firstName: string | null;
  lastName: string | null;
  /** Lower-cased. */
  email: string | null;
  phone: string | null;
  mobilePhone: string | null;
  company: string | null;
  jobTitle: string | null;
  lifecycleStage: string | null;
  leadStatus: string | null;
  ownerId: string | null;
  /** ISO 3166-1 alpha-2 when the CRM knows the contact's country: the region for national-format numbers. */
  country: string | null;
  /** Every property the provider returned, as it returned them. */
  rawProperties: Record<string, unknown>;
  crmCreatedAt: Date | null;
  crmUpdatedAt: Date | null;
};

export type DeletedContact = { externalId: string; deletedAt: Date | null };

/** JSON the provider alone understands: where the next page of this run starts. */
export type ProviderCursor = Record<string, unknown>;

export type ContactPageRequest = {
  kind: 'full' | 'incremental';
  /**
   * Incremental only: changes (and deletions) at or after this provider time are wanted.
   * Inclusive on purpose — a repeated record is cheap (upserts are idempotent), a lost one is not.
   */
  since: Date | null;
  /** null: the first page of the run. */
  cursor: ProviderCursor | null;
};

export type ContactPage = {
  contacts: CrmContactRecord[];
  deleted: DeletedContact[];
  /** null: the run has seen everything. */
  nextCursor: ProviderCursor | null;
  /** How many contacts the run will see in all, where the provider says; null when unknown. */
  estimatedTotal: number | null;
};

/** What a user may give when creating a contact in a CRM; absent fields are left unset there. */
export type NewContact = {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  mobilePhone?: string;
  company?: string;
  jobTitle?: string;
};

/** One item of a batch create: the contact as created, or why the CRM refused that item alone. */
export type CreateContactResult =
  | { ok: true; contact: CrmContactRecord }
  | { ok: false; error: { code: ErrorCode; message: string; existingId?: string } };

export type CallStatus = 'completed' | 'no_answer' | 'busy' | 'failed' | 'voicemail';

/** A finished call of ours, written back to the contact's CRM as a logged (outbound) call. */
export type CallLog = {
  contactExternalId: string;
  startedAt: Date;
  durationSec: number;
  title: string;
  /** Ends with `marker`. */
  body: string;
  /** A line of the body that names this call alone: how a later attempt finds it in the CRM. */
  marker: string;
  status: CallStatus;
  /** HubSpot only: a call outcome (disposition) id of the portal; Zoho has no such field. */
  disposition?: string;
};

/**
 * The CRM's verdict on one call of a batch: logged (the CRM's id of it), or refused, that call
 * alone. `provider_rejected` is a refusal no retry mends (the contact is gone, a field is
 * invalid); `provider_unavailable` or `provider_rate_limited` is a passing failure of that record.
 */
export type LogCallResult = { ok: true; externalId: string } | { ok: false; error: { code: ErrorCode; message: string } };

/**
 * CRMService, the abstract base every provider implements (HubSpotService, ZohoService; Salesforce
 * next). Everything provider-specific — URLs, OAuth quirks, field mapping, paging, rate limits —
 * lives behind it, so routes and services above never branch on the platform.
 */
export abstract class CRMService {
  abstract readonly platform: TPlatform;
  /** True when this service talks to the local sandbox rather than the real provider. */
  abstract readonly isSandbox: boolean;

  /** The provider's consent page URL for this state and redirect URI. */
  abstract buildAuthorizationUrl(input: { state: string; redirectUri: string }): string;

  /**
   * Finishes the OAuth callback: reads provider-specific callback parameters (Zoho's
   * `accounts-server` and `location`), exchanges the code, and reads the account identity.
   * Throws AppError `oauth_exchange_failed` when the provider refuses the code.
   */
  abstract completeAuthorization(input: { code: string; redirectUri: string; callbackQuery: Record<string, string> }): Promise<AuthorizationResult>;

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
   * Creates one contact. A contact the CRM already holds (same email) → AppError `crm_duplicate`
   * with `details.existingId`. Not retried on a 5xx: a POST may have landed; the caller's
   * idempotency key decides whether to send it again.
   */
  abstract createContact(session: ProviderSession, input: NewContact): Promise<CrmContactRecord>;

  /** Creates up to 100 contacts with one result per input, in input order. */
  abstract createContacts(session: ProviderSession, inputs: NewContact[]): Promise<CreateContactResult[]>;

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
