import { randomBytes } from 'node:crypto';
import type { PkceChallenge } from '../common/pkce';
import type { SandboxCounters } from './counters';
import type { ZohoLimits } from './types';

export type GrantCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  orgId: string;
  dataCentre: string;
  scopes: string[];
  accessType: 'offline' | 'online';
  prompt: string | null;
  pkce: PkceChallenge | null;
  expiresAtMs: number;
  used: boolean;
};

export type RefreshTokenRecord = {
  token: string;
  clientId: string;
  orgId: string;
  dataCentre: string;
  scopes: string[];
  createdAtMs: number;
  /** When each access token was minted from it, for the per-window cap. */
  mints: number[];
  /** Its live access tokens, oldest first. */
  accessTokens: string[];
};

export type AccessTokenRecord = {
  token: string;
  clientId: string | null;
  orgId: string;
  dataCentre: string;
  scopes: string[];
  expiresAtMs: number;
  refreshToken: string | null;
};

/** Zoho tokens look like 1000.<32 hex>.<32 hex>. */
export function newZohoToken(): string {
  return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

/**
 * Grant codes, refresh tokens and access tokens with Zoho's limits: one-use codes that
 * expire, at most N refresh tokens per user (the next silently deletes the oldest), at most
 * M live access tokens per refresh token, and a cap on mints per refresh token per window.
 */
export class TokenStore {
  private readonly grants = new Map<string, GrantCode>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();

  constructor(
    private readonly now: () => number,
    private readonly limits: ZohoLimits,
    private readonly counters: SandboxCounters,
  ) {}

  issueGrant(grant: Omit<GrantCode, 'code' | 'expiresAtMs' | 'used'>): GrantCode {
    const record: GrantCode = { ...grant, code: newZohoToken(), expiresAtMs: this.now() + this.limits.grantCodeTtlSeconds * 1000, used: false };
    this.grants.set(record.code, record);
    return record;
  }

  /** A code can be exchanged once, before it expires, at the accounts server of its own data centre. */
  redeemGrant(code: string, dataCentre: string): GrantCode | null {
    const grant = this.grants.get(code);
    if (!grant || grant.used || grant.dataCentre !== dataCentre || grant.expiresAtMs <= this.now()) return null;
    grant.used = true;
    return grant;
  }

  hasRefreshToken(orgId: string, clientId: string): boolean {
    for (const record of this.refreshTokens.values()) if (record.orgId === orgId && record.clientId === clientId) return true;
    return false;
  }

  issueRefreshToken(clientId: string, orgId: string, dataCentre: string, scopes: string[]): RefreshTokenRecord {
    const ofUser = [...this.refreshTokens.values()].filter((record) => record.orgId === orgId).sort((a, b) => a.createdAtMs - b.createdAtMs);
    while (ofUser.length >= this.limits.refreshTokensPerUser) {
      const oldest = ofUser.shift();
      if (oldest) this.revoke(oldest.token);
    }
    const record: RefreshTokenRecord = { token: newZohoToken(), clientId, orgId, dataCentre, scopes, createdAtMs: this.now(), mints: [], accessTokens: [] };
    this.refreshTokens.set(record.token, record);
    this.counters.refreshTokensMinted++;
    return record;
  }

  findRefreshToken(token: string): RefreshTokenRecord | null {
    return this.refreshTokens.get(token) ?? null;
  }

  /** Whether the refresh token may mint another access token in the current window. */
  canMint(record: RefreshTokenRecord): boolean {
    const since = this.now() - this.limits.refreshMintWindowSeconds * 1000;
    record.mints = record.mints.filter((at) => at > since);
    return record.mints.length < this.limits.refreshMintLimit;
  }

  mintAccessToken(grant: { clientId: string | null; orgId: string; dataCentre: string; scopes: string[] }, refresh?: RefreshTokenRecord, ttlSeconds?: number): AccessTokenRecord {
    const record: AccessTokenRecord = {
      ...grant,
      token: newZohoToken(),
      expiresAtMs: this.now() + (ttlSeconds ?? this.limits.accessTokenTtlSeconds) * 1000,
      refreshToken: refresh?.token ?? null,
    };
    this.accessTokens.set(record.token, record);
    if (refresh) {
      refresh.mints.push(this.now());
      refresh.accessTokens.push(record.token);
      while (refresh.accessTokens.length > this.limits.accessTokensPerRefreshToken) {
        const oldest = refresh.accessTokens.shift();
        if (oldest) this.accessTokens.delete(oldest);
      }
    }
    this.counters.accessTokensMinted++;
    return record;
  }

  /** The live access token, or null when unknown, revoked or expired. */
  findAccessToken(token: string): AccessTokenRecord | null {
    const record = this.accessTokens.get(token);
    return record && record.expiresAtMs > this.now() ? record : null;
  }

  /** Revokes an access or refresh token; a refresh token takes its access tokens with it. */
  revoke(token: string): boolean {
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      for (const access of refresh.accessTokens) this.accessTokens.delete(access);
      this.refreshTokens.delete(token);
      return true;
    }
    return this.accessTokens.delete(token);
  }

  /** Ages access tokens past their expiry (refresh tokens do not expire). Returns how many. */
  expireAccessTokens(match: { token?: string; orgId?: string }): number {
    let count = 0;
    for (const record of this.accessTokens.values()) {
      if ((match.token !== undefined && record.token !== match.token) || (match.orgId !== undefined && record.orgId !== match.orgId)) continue;
      if (record.expiresAtMs > this.now()) count++;
      record.expiresAtMs = this.now();
    }
    return count;
  }

  revokeMatching(match: { token?: string; orgId?: string }): number {
    if (match.token !== undefined) return this.revoke(match.token) ? 1 : 0;
    let count = 0;
    for (const record of [...this.refreshTokens.values()]) if (record.orgId === match.orgId && this.revoke(record.token)) count++;
    for (const record of [...this.accessTokens.values()]) if (record.orgId === match.orgId && this.revoke(record.token)) count++;
    return count;
  }

  clear(): void {
    this.grants.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }
}
