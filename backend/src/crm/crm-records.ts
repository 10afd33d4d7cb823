import type { TContactObjectType, TCrmField, TSalesforceLoginHost, TStandardContactField } from '@voiceagent/shared';
import type { ErrorCode } from '../http/app-error';

// The data every provider hands over and takes: CRMService's vocabulary, kept apart from the class
// so that repositories and the HTTP client can name these shapes without depending on the service.
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
  /** HubSpot portal (hub) id; Zoho org id; Salesforce org id. */
  externalAccountId: string;
  /** A human label: HubSpot hub domain; Zoho company name; the Salesforce user's username. */
  accountName: string;
  /** Zoho data centre location (us, eu, in, au, jp, ca, sa, cn); null for HubSpot and Salesforce. */
  dataCentre: string | null;
  /** Base URL of the CRM API for this account (Zoho's api_domain; HubSpot's API base; Salesforce's instance_url). */
  apiDomain: string;
  /**
   * Where token refresh and revoke go: Zoho's accounts server for this data centre; the
   * Salesforce login host the org signed in at (production, sandbox or My Domain).
   */
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
  /** Salesforce syncs its unconverted Leads too; every other record is a contact. Absent: contact. */
  objectType?: TContactObjectType;
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
  /**
   * Incremental only: report deletions at or after this time; null: this run need not look for
   * deletions. Undefined means `since`. A provider whose deletions cost little to find (Zoho's and
   * Salesforce's are bounded by time) may look anyway; HubSpot, which must read every archived
   * contact ever, skips them on null. Read with the run's first page: a resumed run keeps its plan.
   */
  deletionsSince?: Date | null;
  /** null: the first page of the run. */
  cursor: ProviderCursor | null;
  /**
   * Provider fields to ask for beyond the standard ones (the connection's mapped fields, by object;
   * only `contact` for CRMs without leads). Their values come back in each record's
   * `rawProperties` under the same names, as the CRM sent them; the sync types them. Absent or
   * empty: the standard fields only. Names the CRM no longer has are the caller's to leave out.
   */
  fields?: MappedFieldNames;
  /**
   * Full runs only, for a backfill of changed mappings: ask for `fields` and what paging needs,
   * not the standard fields. The records' standard fields then read null; the caller writes only
   * the mapped values.
   */
  fieldsOnly?: boolean;
};

/** Provider API names of mapped fields, by the object they are on. */
export type MappedFieldNames = { contact: readonly string[]; lead: readonly string[] };

/** A field of the CRM's catalogue (contacts, and Salesforce leads), in the contract's shape. */
export type CrmField = TCrmField;

/** A provider field that feeds a standard VoiceAgent field until the user chooses otherwise. */
export type StandardFieldDefault = { objectType: TContactObjectType; field: string; target: TStandardContactField };

export type ContactPage = {
  contacts: CrmContactRecord[];
  deleted: DeletedContact[];
  /** null: the run has seen everything. */
  nextCursor: ProviderCursor | null;
  /** How many contacts the run will see in all, where the provider says; null when unknown. */
  estimatedTotal: number | null;
  /**
   * Incremental only: the provider cannot tell what changed since `since` (Salesforce keeps
   * deletions for 30 days at most), so the run becomes a full sync from the first page. The
   * page's own contacts are ignored.
   */
  restartAsFull?: boolean;
};

/** What a user may give when creating a contact in a CRM; absent fields are left unset there. */
export type NewContact = {
  /** Salesforce: create a Lead instead of a Contact. Other CRMs only create contacts. */
  objectType?: TContactObjectType;
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
  /** HubSpot: a call outcome (disposition) id of the portal; Salesforce: CallDisposition text; Zoho has no such field. */
  disposition?: string;
};

export type AuthorizationUrlInput = {
  state: string;
  redirectUri: string;
  /** BASE64URL(SHA-256(verifier)); only given to providers with `supportsPkce`. */
  codeChallenge?: string;
  /** Salesforce: where the user signs in (production when absent); only given to providers with `supportsLoginHost`. */
  loginHost?: TSalesforceLoginHost;
};

export type CompleteAuthorizationInput = {
  code: string;
  redirectUri: string;
  callbackQuery: Record<string, string>;
  /** The PKCE verifier of this flow, when its authorize URL carried a challenge. */
  codeVerifier?: string;
  /** The login host the flow started at (Salesforce): the code is exchanged there. */
  loginHost?: TSalesforceLoginHost;
};

/**
 * The CRM's verdict on one call of a batch: logged (the CRM's id of it), or refused, that call
 * alone. `provider_rejected` is a refusal no retry mends (the contact is gone, a field is
 * invalid); `provider_unavailable` or `provider_rate_limited` is a passing failure of that record.
 */
export type LogCallResult = { ok: true; externalId: string } | { ok: false; error: { code: ErrorCode; message: string } };

/**
 * A value a bulk update writes, in our model: text (dates as `YYYY-MM-DD`, date-times as ISO 8601,
 * an enumeration's value), a number, a boolean, a multi-select's values, or null to clear. Each
 * provider writes it as its API wants (HubSpot: text; Zoho and Salesforce: typed JSON).
 */
export type ContactFieldWrite = string | number | boolean | string[] | null;

/** One contact (or Salesforce lead) whose CRM fields, by API name, get these values. */
export type ContactUpdate = { externalId: string; objectType: TContactObjectType; fields: Record<string, ContactFieldWrite> };

/**
 * The CRM's verdict on one update of a batch. `provider_rejected` is a refusal of that record (it
 * is gone, the value does not fit); `provider_unavailable` or `provider_rate_limited` a passing failure of it.
 */
export type UpdateContactResult = { ok: true } | { ok: false; error: { code: ErrorCode; message: string } };

/** One contact (or Salesforce lead) to archive or delete at its CRM. */
export type ContactRef = { externalId: string; objectType: TContactObjectType };

/** A contact list of the CRM that can become a segment (HubSpot list, Zoho custom view, Salesforce list view). */
export type CrmListSummary = {
  id: string;
  name: string;
  /** static: members added by hand; dynamic: kept by the CRM from criteria. */
  membership: 'static' | 'dynamic';
  size: number | null;
};

/** One page of a list's members: the CRM's ids of its contacts; `nextCursor` null on the last page. */
export type CrmListMembersPage = { externalIds: string[]; nextCursor: string | null };

/** A webhook delivery as received, for a provider to check who signed it. */
export type WebhookSignatureInput = {
  method: string;
  /** The full URL the CRM called: the public base URL, the path and the query. */
  uri: string;
  /** The body exactly as received. */
  body: Buffer;
  signature: string | undefined;
  /** The delivery's own timestamp (HubSpot: ms since epoch, signed with the rest). */
  timestamp: string | undefined;
  /** Now, ms since epoch. */
  now: number;
};

/** stale: signed correctly or not, too old to accept (a replay). */
export type WebhookSignatureVerdict = 'valid' | 'invalid' | 'stale';
