import { createHmac } from 'node:crypto';
import type { SalesforceOrg, SalesforceUser } from './org';
import type { SalesforceSandboxState } from './sandbox-state';
import type { AccessToken, RefreshToken } from './token-store';

export type TokenResponse = {
  access_token: string;
  refresh_token?: string;
  signature: string;
  scope: string;
  instance_url: string;
  id: string;
  token_type: 'Bearer';
  issued_at: string;
};

export function identityUrl(loginOrigin: string, org: SalesforceOrg, user: SalesforceUser): string {
  return `${loginOrigin}/id/${org.id}/${user.id}`;
}

/** Salesforce's signature: base64 HMAC-SHA256 of `id + issued_at`, keyed by the client secret. */
export function signIdentity(clientSecret: string, id: string, issuedAt: string): string {
  return createHmac('sha256', clientSecret).update(id + issuedAt).digest('base64');
}

/** Mints an access token for (org, user) and writes the token response; no expires_in, as Salesforce. */
export function mintTokenResponse(
  state: SalesforceSandboxState,
  grant: { clientId: string | null; clientSecret: string; org: SalesforceOrg; user: SalesforceUser; loginOrigin: string; scope: string; refresh: RefreshToken | null; returnRefresh: boolean },
): TokenResponse {
  const access: AccessToken = state.tokens.issueAccessToken(
    { clientId: grant.clientId, orgId: grant.org.id, userId: grant.user.id, refreshToken: grant.refresh?.token ?? null, loginOrigin: grant.loginOrigin },
    grant.org.id.slice(0, 15),
    grant.org.sessionTimeoutMs,
  );
  const issuedAt = String(state.now());
  const id = identityUrl(grant.loginOrigin, grant.org, grant.user);
  return {
    access_token: access.token,
    ...(grant.returnRefresh && grant.refresh ? { refresh_token: grant.refresh.token } : {}),
    signature: signIdentity(grant.clientSecret, id, issuedAt),
    scope: grant.scope,
    instance_url: grant.org.instanceUrl,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  };
}
