import { z } from 'zod';
import { MAX_SEEDED_CONTACTS } from './seeded-order';

const ZEdition = z.enum(['free', 'standard', 'professional', 'enterprise', 'ultimate']);
const ZContactCount = z.number().int().min(0).max(MAX_SEEDED_CONTACTS);

export const ZCreateAccount = z
  .object({
    name: z.string().min(1).max(200),
    dataCentre: z.string().min(1),
    contactCount: ZContactCount.default(0),
    seed: z.number().int().optional(),
    edition: ZEdition.optional(),
    concurrencyLimit: z.number().int().min(1).optional(),
    timeZone: z.object({ name: z.string().min(1), offsetMinutes: z.number().int().min(-720).max(840) }).strict().optional(),
    user: z.object({ firstName: z.string().min(1), lastName: z.string().min(1), email: z.email() }).strict().optional(),
  })
  .strict();

export const ZUpdateAccount = z
  .object({ contactCount: ZContactCount.optional(), edition: ZEdition.optional(), concurrencyLimit: z.number().int().min(1).nullable().optional() })
  .strict();

export const ZCreateApp = z
  .object({
    name: z.string().min(1).max(200),
    redirectUris: z.array(z.url()).min(1),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
  })
  .strict();

const pickContacts = { ids: z.array(z.string().min(1)).min(1).max(10_000).optional(), count: z.number().int().min(1).max(100_000).optional() };
const eitherIdsOrCount = (value: { ids?: string[]; count?: number }) => (value.ids === undefined) !== (value.count === undefined);
const eitherMessage = { message: 'give either ids or count' };

export const ZModifyContacts = z
  .object({ ...pickContacts, fields: z.record(z.string(), z.unknown()).optional() })
  .strict()
  .refine(eitherIdsOrCount, eitherMessage);

export const ZDeleteContacts = z
  .object({ ...pickContacts, permanent: z.boolean().default(false) })
  .strict()
  .refine(eitherIdsOrCount, eitherMessage);

export const ZMintToken = z
  .object({
    scopes: z.array(z.string().min(1)).min(1).optional(),
    ttlSeconds: z.number().int().min(1).optional(),
    withRefreshToken: z.boolean().default(false),
    clientId: z.string().min(1).optional(),
  })
  .strict();

export const ZTokenTarget = z
  .object({ token: z.string().min(1).optional(), accountId: z.string().min(1).optional() })
  .strict()
  .refine((value) => (value.token === undefined) !== (value.accountId === undefined), { message: 'give either token or accountId' });

const faultScope = {
  fraction: z.number().min(0).max(1).optional(),
  pathPrefix: z.string().startsWith('/').optional(),
  dataCentre: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
};

export const ZFaultRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('status'), status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]), ...faultScope }).strict(),
  z.object({ kind: z.literal('latency'), latencyMs: z.number().int().min(1).max(600_000), ...faultScope }).strict(),
  z.object({ kind: z.literal('reset'), ...faultScope }).strict(),
  z.object({ kind: z.literal('hang'), ...faultScope }).strict(),
  z.object({ kind: z.literal('lose-response'), ...faultScope }).strict(),
  z.object({ kind: z.literal('record-error'), recordContains: z.string().min(1).optional(), ...faultScope }).strict(),
  z.object({ kind: z.literal('notification-duplicate'), ...faultScope }).strict(),
  z.object({ kind: z.literal('notification-reorder'), ...faultScope }).strict(),
  z.object({ kind: z.literal('notification-delay'), delayMs: z.number().int().min(1).max(600_000), ...faultScope }).strict(),
]);

export const ZWaitForNotifications = z.object({ timeoutMs: z.number().int().min(1).max(120_000).default(10_000) }).strict();

const ZFieldOption = z.object({ value: z.string().min(1).max(120), label: z.string().min(1).max(120) }).strict();
const ZObjectType = z.enum(['contact', 'lead']).default('contact');

/** A custom Contacts field, typed in VoiceAgent's field types (the same spec in every sandbox). */
export const ZCreateContactField = z
  .object({
    objectType: ZObjectType,
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'an API name: a letter, then letters, digits and _'),
    label: z.string().min(1).max(120),
    type: z.enum(['string', 'number', 'boolean', 'date', 'datetime', 'enumeration', 'multi_select', 'phone', 'email']),
    options: z.array(ZFieldOption).max(500).optional(),
  })
  .strict();

export const ZUpdateContactField = z
  .object({ objectType: ZObjectType, label: z.string().min(1).max(120).optional(), options: z.array(ZFieldOption).max(500).optional() })
  .strict();

export const ZDeleteContactField = z.object({ objectType: ZObjectType }).strict();

export const ZAdvanceClock = z.object({ ms: z.number().int() }).strict();

export const ZLogQuery = z.object({ limit: z.coerce.number().int().min(1).max(100_000).optional() });

export type TCreateAccount = z.infer<typeof ZCreateAccount>;
export type TUpdateAccount = z.infer<typeof ZUpdateAccount>;
export type TCreateApp = z.infer<typeof ZCreateApp>;
export type TModifyContacts = z.infer<typeof ZModifyContacts>;
export type TDeleteContacts = z.input<typeof ZDeleteContacts>;
export type TMintToken = z.input<typeof ZMintToken>;
export type TTokenTarget = z.infer<typeof ZTokenTarget>;
export type TCreateContactField = z.input<typeof ZCreateContactField>;
export type TUpdateContactField = z.input<typeof ZUpdateContactField>;
export type TDeleteContactField = z.input<typeof ZDeleteContactField>;

export const ZCreateCustomView = z.object({ name: z.string().min(1), memberIds: z.array(z.string().min(1)).default([]) }).strict();
export const ZChangeCustomViewMembers = z.object({ add: z.array(z.string().min(1)).default([]), remove: z.array(z.string().min(1)).default([]) }).strict();
