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

/** Our CRM field types (the product's `CRM_FIELD_TYPES`), which the admin turns into Salesforce's own. */
export const CONTACT_FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'datetime', 'enumeration', 'multi_select', 'phone', 'email'] as const;
const ZObjectType = z.enum(['contact', 'lead']);
const ZOptions = z.array(z.object({ value: z.string().min(1).max(255), label: z.string().min(1).max(255) }).strict()).min(1).max(1000);

export const ZCreateContactField = z
  .object({ objectType: ZObjectType.optional(), name: z.string().min(1).max(43), label: z.string().min(1).max(40), type: z.enum(CONTACT_FIELD_TYPES), options: ZOptions.optional() })
  .strict();
export const ZUpdateContactField = z.object({ objectType: ZObjectType.optional(), label: z.string().min(1).max(40).optional(), options: ZOptions.optional() }).strict();
export const ZDeleteContactField = z.object({ objectType: ZObjectType.optional() }).strict();

export type TCreateContactField = z.input<typeof ZCreateContactField>;
export type TUpdateContactField = z.input<typeof ZUpdateContactField>;
export type TDeleteContactField = z.input<typeof ZDeleteContactField>;

export const ZCreateListView = z.object({ label: z.string().min(1), where: z.string().nullable().optional() }).strict();
