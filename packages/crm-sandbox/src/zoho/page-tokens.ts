import { createHash, createHmac } from 'node:crypto';
import type { Cursor } from './record-walk';

/**
 * Zoho's page_token is opaque, bound to the query that produced it and expires. The sandbox
 * keeps no state for it: the token carries its cursor and is signed, so a token can't be
 * forged or replayed against another query, and memory stays flat however many are issued.
 */
export type PageTokenState = {
  /** 'next' fetches the records after the cursor; 'prev' the page of records before it. */
  dir: 'next' | 'prev';
  cursor: Cursor;
  /** How many records come before the page this token fetches. */
  served: number;
  /** The page number of the page this token fetches. */
  page: number;
  expiresAtSec: number;
  binding: string;
};

// Zoho documents page_token values of at most 96 characters; these stay near 60.
const MAC_LENGTH = 12;

export class PageTokenCodec {
  constructor(private readonly secret: string) {}

  encode(state: PageTokenState): string {
    const body = [
      state.dir === 'next' ? 'n' : 'p',
      state.cursor.sec.toString(36),
      BigInt(state.cursor.id).toString(36),
      state.served.toString(36),
      state.page.toString(36),
      state.expiresAtSec.toString(36),
      state.binding,
    ].join('.');
    return `${body}.${this.sign(body)}`;
  }

  /** The token's state, or null when it is malformed or its signature does not match. */
  decode(token: string): PageTokenState | null {
    const parts = token.split('.');
    if (parts.length !== 8) return null;
    const mac = parts.pop() ?? '';
    const body = parts.join('.');
    if (mac !== this.sign(body)) return null;
    const [dir, sec, id, served, page, expires, binding] = parts as [string, string, string, string, string, string, string];
    return {
      dir: dir === 'n' ? 'next' : 'prev',
      cursor: { sec: parseInt(sec, 36), id: base36ToDecimal(id) },
      served: parseInt(served, 36),
      page: parseInt(page, 36),
      expiresAtSec: parseInt(expires, 36),
      binding,
    };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, MAC_LENGTH);
  }
}

/** What a token is bound to: any change of these between pages makes Zoho refuse the token. */
export function bindingOf(parts: (string | number | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex').slice(0, 8);
}

function base36ToDecimal(value: string): string {
  let result = 0n;
  for (const char of value) result = result * 36n + BigInt(parseInt(char, 36));
  return result.toString();
}
