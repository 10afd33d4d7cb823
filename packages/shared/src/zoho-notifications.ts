import { z } from 'zod';

// Zoho sends ids and channel ids as strings of digits (longs); numbers are read too.
const ZZohoLong = z.union([z.string().regex(/^\d{1,30}$/, 'a Zoho id (digits)'), z.number().int().nonnegative()]);

/**
 * The body Zoho CRM's Notification API posts to a channel's notify_url: which records of which
 * module changed, how, when (server_time, epoch ms), and the channel's id and secret token.
 * Keys Zoho adds later are ignored.
 */
export const ZZohoNotificationBody = z.looseObject({
  server_time: z.number().int().nonnegative(),
  module: z.string().min(1).max(100),
  resource_uri: z.string().max(2000).optional(),
  ids: z.array(ZZohoLong).min(1).max(1000),
  // Per id, the fields an update changed (or their values): [{ "<id>": ["Email", …] }].
  affected_fields: z.array(z.unknown()).max(1000).nullable().optional(),
  operation: z.enum(['insert', 'update', 'delete']),
  channel_id: ZZohoLong,
  token: z.string().max(200).nullable(),
  query_params: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type TZohoNotificationBody = z.infer<typeof ZZohoNotificationBody>;

/** What the receiver answers Zoho: how many changes it stored now (a redelivery stores none). */
export const ZZohoNotificationAck = z.object({
  received: z.number().int().nonnegative(),
  stored: z.number().int().nonnegative(),
});
export type TZohoNotificationAck = z.infer<typeof ZZohoNotificationAck>;
