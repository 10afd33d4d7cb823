import { z } from 'zod';

const ZFaultScope = {
  fraction: z.number().min(0).max(1).optional(),
  pathPrefix: z.string().startsWith('/').optional(),
  /** An org id, or 'login' / 'test' for the login origins. */
  orgId: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
};

export const ZSalesforceFaultRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('status'), status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]), ...ZFaultScope }).strict(),
  z.object({ kind: z.literal('latency'), latencyMs: z.number().int().min(1).max(600_000), ...ZFaultScope }).strict(),
  z.object({ kind: z.literal('reset'), ...ZFaultScope }).strict(),
  z.object({ kind: z.literal('hang'), ...ZFaultScope }).strict(),
  z.object({ kind: z.literal('lose-response'), ...ZFaultScope }).strict(),
  /** One record of a write fails with UNABLE_TO_LOCK_ROW; `recordContains` picks records whose JSON holds that text. */
  z.object({ kind: z.literal('record-error'), recordContains: z.string().min(1).optional(), ...ZFaultScope }).strict(),
]);

export const ZCreateApp = z
  .object({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    name: z.string().min(1),
    redirectUris: z.array(z.url()),
    requirePkce: z.boolean().optional(),
    rotateRefreshTokens: z.boolean().optional(),
  })
  .strict();
export const ZMintToken = z.object({ userId: z.string().min(1).optional(), clientId: z.string().min(1).optional(), withRefreshToken: z.boolean().default(false) }).strict();
export const ZFields = z.object({ fields: z.record(z.string(), z.unknown()) }).strict();
export const ZConvertLead = z.object({ contactId: z.string().min(1).optional() }).strict();
export const ZApiLimit = z.object({ max: z.number().int().min(0).optional(), used: z.number().int().min(0).optional() }).strict();
export const ZSetClock = z.object({ now: z.union([z.iso.datetime({ offset: true }), z.number().int()]) }).strict();
export const ZAdvanceClock = z.object({ ms: z.number().int() }).strict();
export const ZRevoke = z.object({ token: z.string().min(1) }).strict();
export const ZLogQuery = z.object({ limit: z.coerce.number().int().min(1).max(100_000).optional() });

export type TSalesforceFaultRule = z.infer<typeof ZSalesforceFaultRule>;
export type TMintToken = z.input<typeof ZMintToken>;
