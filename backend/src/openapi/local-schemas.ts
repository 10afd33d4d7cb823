import { z } from 'zod';

/** Responses of routes whose shapes live in the backend alone (health probes, this document). */
export const ZHealth = z.object({ status: z.literal('ok') });
export const ZReadiness = z.object({ status: z.literal('ok'), database: z.literal('ok') });
export const ZOpenApiDocument = z.record(z.string(), z.unknown());

/** What a provider sends back to the OAuth callback; every parameter is the provider's to send. */
export const ZOAuthCallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(4096).optional(),
  error: z.string().max(4096).optional(),
  error_description: z.string().max(4096).optional(),
  /** Zoho: the data centre the user's account lives in. */
  location: z.string().max(4096).optional(),
  'accounts-server': z.string().max(4096).optional(),
});
