import { z } from 'zod';
import { MAX_SEEDED_CONTACTS } from './portal-registry';

const ZContactCount = z.number().int().min(0).max(MAX_SEEDED_CONTACTS);
const ZContactIds = z.array(z.string().regex(/^\d+$/)).min(1).max(100_000);

export const ZCreateApp = z
  .object({
    name: z.string().min(1),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    redirectUris: z.array(z.url()).default([]),
  })
  .strict();

export const ZCreateAccount = z
  .object({
    id: z.number().int().positive().optional(),
    name: z.string().min(1),
    contactCount: ZContactCount.default(0),
    accountSeed: z.number().int().optional(),
    sharedSeed: z.number().int().optional(),
    domain: z.string().min(1).optional(),
  })
  .strict();

export const ZUpdateAccount = z.object({ name: z.string().min(1).optional(), contactCount: ZContactCount.optional() }).strict();

/** Which contacts to touch: `count` picks that many live ones pseudo-randomly; `ids` names them. */
const ZContactSelection = {
  count: z.number().int().min(1).max(100_000).optional(),
  ids: ZContactIds.optional(),
};
const exactlyOneSelection = (input: { count?: number; ids?: string[] }) => (input.count === undefined) !== (input.ids === undefined);

export const ZModifyContacts = z
  .object({ ...ZContactSelection, properties: z.record(z.string(), z.union([z.string(), z.null()])).optional() })
  .strict()
  .refine(exactlyOneSelection, { message: 'give exactly one of "count" or "ids"' });

export const ZDeleteContacts = z.object(ZContactSelection).strict().refine(exactlyOneSelection, { message: 'give exactly one of "count" or "ids"' });

export const ZMintToken = z
  .object({
    scopes: z.array(z.string().min(1)).min(1).optional(),
    ttlSeconds: z.number().int().positive().optional(),
    clientId: z.string().min(1).optional(),
  })
  .strict();

/** Names the tokens to expire or revoke; an empty selector means every token. */
export const ZTokenSelector = z
  .object({ accessToken: z.string().min(1).optional(), refreshToken: z.string().min(1).optional(), accountId: z.number().int().positive().optional() })
  .strict();

/** Our model's field types (CRM_FIELD_TYPES of @voiceagent/shared): the same admin input drives all three sandboxes. */
export const CONTACT_FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'datetime', 'enumeration', 'multi_select', 'phone', 'email'] as const;
export type ContactFieldType = (typeof CONTACT_FIELD_TYPES)[number];

const ZFieldOptions = z.array(z.object({ value: z.string().min(1).max(100), label: z.string().min(1).max(100) }).strict()).min(1).max(1000);
/** HubSpot has contacts only; `lead` is refused rather than ignored. */
const ZObjectType = z.literal('contact', { message: 'HubSpot has no leads: objectType must be "contact"' }).optional();

/** HubSpot's internal names: lower-case letters, digits and underscores, starting with a letter. */
export const ZCreateContactField = z
  .object({
    objectType: ZObjectType,
    name: z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, 'lower-case letters, digits and _, starting with a letter, at most 100'),
    label: z.string().min(1).max(255),
    type: z.enum(CONTACT_FIELD_TYPES),
    options: ZFieldOptions.optional(),
  })
  .strict()
  .refine((spec) => (spec.type === 'enumeration' || spec.type === 'multi_select') === (spec.options !== undefined), {
    message: 'options are required for enumeration and multi_select fields, and only for them',
  });

export const ZUpdateContactField = z.object({ objectType: ZObjectType, label: z.string().min(1).max(255).optional(), options: ZFieldOptions.optional() }).strict();

export const ZDeleteContactField = z.object({ objectType: ZObjectType }).strict();

export const ZAdvanceClock = z.object({ ms: z.number().int().min(0) }).strict();

export type TCreateApp = z.input<typeof ZCreateApp>;
export type TCreateAccount = z.input<typeof ZCreateAccount>;
export type TUpdateAccount = z.input<typeof ZUpdateAccount>;
export type TModifyContacts = z.input<typeof ZModifyContacts>;
export type TDeleteContacts = z.input<typeof ZDeleteContacts>;
export type TMintToken = z.input<typeof ZMintToken>;
export type TTokenSelector = z.input<typeof ZTokenSelector>;
export type TAdvanceClock = z.input<typeof ZAdvanceClock>;
export type TCreateContactField = z.input<typeof ZCreateContactField>;
export type TUpdateContactField = z.input<typeof ZUpdateContactField>;
export type TDeleteContactField = z.input<typeof ZDeleteContactField>;

/** A contact list; DYNAMIC ones have their members kept by the sandbox (the admin), as HubSpot keeps them by criteria. */
export const ZCreateList = z
  .object({ name: z.string().min(1), processingType: z.enum(['MANUAL', 'DYNAMIC', 'SNAPSHOT']).default('MANUAL'), memberIds: z.array(z.string().regex(/^\d+$/)).default([]) })
  .strict();
export const ZChangeListMembers = z
  .object({ add: z.array(z.string().regex(/^\d+$/)).default([]), remove: z.array(z.string().regex(/^\d+$/)).default([]) })
  .strict();
export type TCreateList = z.input<typeof ZCreateList>;
export type TChangeListMembers = z.input<typeof ZChangeListMembers>;
