import 'axios';

// Per-request options of the provider HTTP client. Declaration merging is the only way to add
// typed fields to axios's config, and it needs an interface.
declare module 'axios' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging requires an interface
  interface AxiosRequestConfig {
    /**
     * Safe to send again after a 5xx, a reset or a timeout although the method is not idempotent
     * (a search by POST, a token refresh). 429s are always retried: the provider did nothing.
     */
    idempotent?: boolean;
    /** Which of the account's limiters paces the request; the provider's profile decides when absent. */
    rateLimit?: string;
    /** Names the call in errors ('hubspot.identity'); errors never quote URLs, which can carry tokens. */
    operation?: string;
    /** Set by the client: the access token this attempt sent and whether the one refresh was spent. */
    providerAuth?: { token: string; refreshed: boolean };
  }
}
