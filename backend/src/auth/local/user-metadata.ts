import { GoTrueError } from './gotrue-error';

/**
 * Bounds on sign-up's `data` (user_metadata). It is copied into every access token the user
 * gets and into auth.users, so an unbounded object would bloat both, and Postgres's jsonb
 * refuses some JSON that JavaScript accepts (NUL, lone surrogates), which must be a 400, not a 500.
 */
export const MAX_USER_METADATA_BYTES = 4096;
export const MAX_USER_METADATA_KEYS = 50;
const MAX_DEPTH = 8;

export function assertUserMetadataBounds(data: Record<string, unknown>): void {
  const json = JSON.stringify(data);
  if (Buffer.byteLength(json, 'utf8') > MAX_USER_METADATA_BYTES) {
    throw invalid(`User metadata must be at most ${MAX_USER_METADATA_BYTES} bytes of JSON`);
  }
  let keys = 0;
  const visit = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) throw invalid(`User metadata must nest at most ${MAX_DEPTH} levels deep`);
    if (typeof value === 'string') {
      if (!isStorableText(value)) throw invalid('User metadata must not contain NUL characters or unpaired surrogates');
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        keys++;
        if (!isStorableText(key)) throw invalid('User metadata must not contain NUL characters or unpaired surrogates');
        visit(item, depth + 1);
      }
    }
  };
  visit(data, 0);
  if (keys > MAX_USER_METADATA_KEYS) throw invalid(`User metadata must have at most ${MAX_USER_METADATA_KEYS} keys`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

function invalid(message: string): GoTrueError {
  return new GoTrueError(400, 'validation_failed', message);
}
