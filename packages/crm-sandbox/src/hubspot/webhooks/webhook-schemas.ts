import { z } from 'zod';

/** The contact events the sandbox sends; HubSpot's names. */
export const CONTACT_EVENT_TYPES = [
  'contact.creation',
  'contact.propertyChange',
  'contact.deletion',
  'contact.merge',
  'contact.restore',
  'contact.privacyDeletion',
] as const;
export type ContactEventType = (typeof CONTACT_EVENT_TYPES)[number];

/** HubSpot takes 5 or more; the sandbox allows fewer so a test can see requests queue. */
export const ZMaxConcurrentRequests = z.number().int().min(1).max(100);

/** The URL HubSpot posts to; http is allowed because sandbox targets are local. */
export const ZTargetUrl = z.url({ protocol: /^https?$/, message: 'targetUrl must be an http(s) URL' });

/**
 * One subscription. A propertyChange subscription names its property; without one it hears
 * every property (a sandbox convenience: HubSpot wants one subscription per property).
 */
export const ZSubscriptionInput = z
  .object({
    eventType: z.enum(CONTACT_EVENT_TYPES),
    propertyName: z.string().min(1).max(100).optional(),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((input) => input.eventType === 'contact.propertyChange' || input.propertyName === undefined, {
    message: 'only contact.propertyChange subscriptions take a propertyName',
    path: ['propertyName'],
  });

/** The admin's one-call form: settings and the whole subscription list (default: every contact event, every property). */
export const ZAppWebhooksInput = z
  .object({
    targetUrl: ZTargetUrl,
    maxConcurrentRequests: ZMaxConcurrentRequests.default(10),
    subscriptions: z.array(ZSubscriptionInput).max(1000).optional(),
  })
  .strict();

/** HubSpot's PUT /webhooks/v3/{appId}/settings body. */
export const ZSettingsChange = z
  .object({ targetUrl: ZTargetUrl, throttling: z.object({ maxConcurrentRequests: ZMaxConcurrentRequests, period: z.string().optional() }).strict() })
  .strict();

export const ZSubscriptionPatch = z.object({ active: z.boolean() }).strict();
export const ZSubscriptionBatchUpdate = z
  .object({ inputs: z.array(z.object({ id: z.number().int().positive(), active: z.boolean() }).strict()).min(1).max(100) })
  .strict();

export type TSubscriptionInput = z.input<typeof ZSubscriptionInput>;
export type TAppWebhooksInput = z.input<typeof ZAppWebhooksInput>;
