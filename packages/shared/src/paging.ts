import { z } from 'zod';

/**
 * The paging parts every list endpoint shares. `limit` arrives as query-string text: digits
 * only, 1 to `max`, `fallback` when absent, and a 400 naming `limit` otherwise.
 */
export const pageLimit = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `an integer from 1 to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .default(fallback);

/** `cursor`: the previous page's `nextCursor`, opaque to the caller. */
export const pageCursor = (maxLength: number) => z.string().min(1).max(maxLength).optional();

/** One page of `item`s and where the next starts (null: this is the last page). */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
