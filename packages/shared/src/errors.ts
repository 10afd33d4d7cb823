import { z } from 'zod';

/** Every error the API returns has this body: a stable code, a readable message, optional details. */
export const ZApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type TApiError = z.infer<typeof ZApiError>;
