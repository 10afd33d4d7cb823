import { z } from 'zod';

/** GET /healthz: the process answers. */
export const ZHealth = z.object({ status: z.literal('ok') });
/** GET /readyz: the process and its database answer. */
export const ZReadiness = z.object({ status: z.literal('ok'), database: z.literal('ok') });
export const ZOpenApiDocument = z.record(z.string(), z.unknown());
