import type { z } from 'zod';
import { AppError } from '../../http/app-error';
import type { ContactPageRequest, ProviderCursor } from '../crm-service';

/** A provider body we cannot read is the provider's fault, not the caller's: fail the page with the provider named. */
export function parseProviderBody<T>(schema: z.ZodType<T>, body: unknown, platform: string, operation: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues[0]?.path.join('.') || 'body';
  throw new AppError('provider_rejected', `${platform} answered ${operation} in an unexpected shape (at ${where})`, { platform, operation });
}

/**
 * Reads a saved cursor back. Cursors live in Postgres across deploys, so one this version cannot
 * read is refused with a clear error instead of being half-understood (which could skip pages).
 */
export function parseSyncCursor<T>(schema: z.ZodType<T>, cursor: ProviderCursor, platform: string): T {
  const parsed = schema.safeParse(cursor);
  if (parsed.success) return parsed.data;
  throw new AppError('validation_failed', `The saved ${platform} sync cursor is not one this version can resume from; start the sync over`, { platform });
}

/** `since` as epoch milliseconds; an incremental run without one is a caller bug, not a full sync in disguise. */
export function requireSince(request: ContactPageRequest, platform: string): number {
  if (request.since === null || Number.isNaN(request.since.getTime())) {
    throw new AppError('validation_failed', `An incremental ${platform} sync needs a valid "since"`, { platform });
  }
  return request.since.getTime();
}

/**
 * Nango #1598: a provider that hands back the cursor it was given would page forever. Failing the
 * run (with the pages done kept) is better than an endless loop or a silent stop that looks complete.
 */
export function refuseRepeatedCursor(previous: string | null, next: string, platform: string, operation: string): void {
  if (previous !== null && previous === next) {
    throw new AppError('provider_unavailable', `${platform} returned the same page cursor twice for ${operation}; stopping instead of looping`, { platform, operation });
  }
}
