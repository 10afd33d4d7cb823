import { randomBytes, randomUUID } from 'node:crypto';
import type { PkceChallenge } from '../common/pkce';

/** Who a code or token speaks for: one app installed in one portal by one user. */
export type TokenGrant = {
  hubId: number;
  hubDomain: string;
  appId: number;
  clientId: string;
  scopes: string[];
  userId: number;
  user: string;
};

export type AccessTokenRecord = TokenGrant & {
  token: string;
  expiresAt: number;
  revoked: boolean;
  /** The refresh token this access token was minted from, so revoking it revokes them both. */
  refreshToken: string | null;
};

export type RefreshTokenRecord = TokenGrant & { token: string; revoked: boolean };

export type AuthCodeRecord = TokenGrant & { code: string; redirectUri: string; pkce: PkceChallenge | null; expiresAt: number; used: boolean };

export type TokenSelector = { accessToken?: string; refreshToken?: string; accountId?: number };

/** Authorization codes, access tokens and refresh tokens, all judged against the sandbox clock. */
export class TokenStore {
  private readonly codes = new Map<string, AuthCodeRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  accessTokensMinted = 0;
  refreshTokensMinted = 0;

  constructor(private readonly now: () => number) {}

  issueCode(grant: TokenGrant, redirectUri: string, ttlSeconds: number, pkce: PkceChallenge | null = null): AuthCodeRecord {
    const record: AuthCodeRecord = { ...pickGrant(grant), code: randomUUID(), redirectUri, pkce, expiresAt: this.now() + ttlSeconds * 1000, used: false };
    this.codes.set(record.code, record);
    return record;
  }

  findCode(code: string): AuthCodeRecord | undefined {
    return this.codes.get(code);
  }

  mintRefreshToken(grant: TokenGrant): RefreshTokenRecord {
    // HubSpot refresh tokens start with the data centre ("na1-…").
    const hex = randomBytes(16).toString('hex');
    const token = `na1-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 28)}`;
    const record: RefreshTokenRecord = { ...pickGrant(grant), token, revoked: false };
    this.refreshTokens.set(token, record);
    this.refreshTokensMinted += 1;
    return record;
  }

  mintAccessToken(grant: TokenGrant, ttlSeconds: number, refreshToken: string | null): AccessTokenRecord {
    // Opaque and about as long as HubSpot's (clients must allow up to 300 characters).
    const token = `C${randomBytes(60).toString('base64url')}`;
    const record: AccessTokenRecord = { ...pickGrant(grant), token, expiresAt: this.now() + ttlSeconds * 1000, revoked: false, refreshToken };
    this.accessTokens.set(token, record);
    this.accessTokensMinted += 1;
    return record;
  }

  findAccessToken(token: string): AccessTokenRecord | undefined {
    return this.accessTokens.get(token);
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(token);
  }

  /** Moves matching access tokens' expiry to now; returns how many changed. */
  expireAccessTokens(selector: TokenSelector): number {
    let changed = 0;
    const now = this.now();
    for (const record of this.accessTokens.values()) {
      if (!matchesAccess(record, selector) || record.expiresAt <= now) continue;
      record.expiresAt = now;
      changed += 1;
    }
    return changed;
  }

  /** Revokes matching refresh tokens together with the access tokens minted from them. */
  revoke(selector: TokenSelector): number {
    let changed = 0;
    for (const record of this.refreshTokens.values()) {
      if (record.revoked || !matchesRefresh(record, selector)) continue;
      record.revoked = true;
      changed += 1;
    }
    for (const record of this.accessTokens.values()) {
      if (record.revoked) continue;
      const parentRevoked = record.refreshToken !== null && this.refreshTokens.get(record.refreshToken)?.revoked === true;
      if (parentRevoked || matchesAccess(record, selector)) {
        record.revoked = true;
        changed += 1;
      }
    }
    return changed;
  }
}

/** Codes and tokens pass their grant on; copy only the grant so records never carry each other's secrets. */
function pickGrant(grant: TokenGrant): TokenGrant {
  const { hubId, hubDomain, appId, clientId, scopes, userId, user } = grant;
  return { hubId, hubDomain, appId, clientId, scopes: [...scopes], userId, user };
}

function matchesAccess(record: AccessTokenRecord, selector: TokenSelector): boolean {
  if (selector.accessToken !== undefined) return record.token === selector.accessToken;
  if (selector.refreshToken !== undefined) return record.refreshToken === selector.refreshToken;
  return selector.accountId === undefined || record.hubId === selector.accountId;
}

function matchesRefresh(record: RefreshTokenRecord, selector: TokenSelector): boolean {
  if (selector.accessToken !== undefined) return false;
  if (selector.refreshToken !== undefined) return record.token === selector.refreshToken;
  return selector.accountId === undefined || record.hubId === selector.accountId;
}
