import { randomBytes } from 'node:crypto';
import type { PkceChallenge } from '../common/pkce';

export type AuthCode = { clientId: string; redirectUri: string; orgId: string; userId: string; pkce: PkceChallenge | null; loginOrigin: string; scope: string; expiresAtMs: number };
export type RefreshToken = { token: string; clientId: string; orgId: string; userId: string; loginOrigin: string; scope: string };
export type AccessToken = { token: string; clientId: string | null; orgId: string; userId: string; refreshToken: string | null; loginOrigin: string; expiresAtMs: number };

const CODE_TTL_MS = 15 * 60_000;

/** Codes, refresh tokens and access tokens; dead ones are deleted, so a lookup miss means invalid. */
export class TokenStore {
  private codes = new Map<string, AuthCode>();
  private refreshTokens = new Map<string, RefreshToken>();
  private accessTokens = new Map<string, AccessToken>();

  constructor(private readonly now: () => number) {}

  issueCode(grant: Omit<AuthCode, 'expiresAtMs'>): string {
    const code = `aPrx${randomBytes(30).toString('base64url')}`;
    this.codes.set(code, { ...grant, expiresAtMs: this.now() + CODE_TTL_MS });
    return code;
  }

  /** A code works once: taking it removes it whether or not the exchange then succeeds. */
  takeCode(code: string): AuthCode | null {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.expiresAtMs > this.now() ? grant : null;
  }

  issueRefreshToken(grant: Omit<RefreshToken, 'token'>): RefreshToken {
    const token = `5Aep861${randomBytes(40).toString('base64url').replace(/[-_]/g, 'x')}`;
    const refresh = { ...grant, token };
    this.refreshTokens.set(token, refresh);
    return refresh;
  }

  findRefreshToken(token: string): RefreshToken | null {
    return this.refreshTokens.get(token) ?? null;
  }

  issueAccessToken(grant: Omit<AccessToken, 'token' | 'expiresAtMs'>, orgId15: string, ttlMs: number): AccessToken {
    const token = `${orgId15}!AR${randomBytes(48).toString('base64url').replace(/[-_]/g, '.')}`;
    const access = { ...grant, token, expiresAtMs: this.now() + ttlMs };
    this.accessTokens.set(token, access);
    return access;
  }

  findAccessToken(token: string): AccessToken | null {
    const access = this.accessTokens.get(token);
    if (!access) return null;
    if (access.expiresAtMs <= this.now()) {
      this.accessTokens.delete(token);
      return null;
    }
    return access;
  }

  /** Revokes an access token, or a refresh token with every access token it minted. */
  revoke(token: string): boolean {
    if (this.accessTokens.delete(token)) return true;
    if (!this.refreshTokens.delete(token)) return false;
    for (const [key, access] of this.accessTokens) if (access.refreshToken === token) this.accessTokens.delete(key);
    return true;
  }

  expireAccessTokens(orgId: string): number {
    let expired = 0;
    for (const [key, access] of this.accessTokens) {
      if (access.orgId !== orgId) continue;
      this.accessTokens.delete(key);
      expired++;
    }
    return expired;
  }

  clear(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }
}
