import { z } from 'zod';
import { pageCursor, pageLimit } from './paging';
import { PLATFORMS } from './platforms';

/**
 * What the activity log records. Sign-ins, CRM connections and their tokens, services acting for
 * the user, and the starts of work that reaches many contacts (agents, campaigns, bulk
 * operations, exports).
 */
export const AUDIT_EVENT_KINDS = [
  'sign_in',
  'crm_connected',
  'crm_reconnected',
  'crm_disconnected',
  'crm_token_refresh_failed',
  'crm_needs_reauth',
  'service_token_used',
  'agent_created',
  'campaign_started',
  'bulk_operation_started',
  'bulk_operation_finished',
  'export_started',
] as const;
export const ZAuditEventKind = z.enum(AUDIT_EVENT_KINDS);
export type TAuditEventKind = z.infer<typeof ZAuditEventKind>;

export const ZAuditOutcome = z.enum(['success', 'failure']);
export type TAuditOutcome = z.infer<typeof ZAuditOutcome>;

/** One entry of GET /api/v1/audit. `details` never holds a secret: key ids, never keys; codes, never tokens. */
export const ZAuditEvent = z.object({
  id: z.uuid(),
  kind: ZAuditEventKind,
  outcome: ZAuditOutcome,
  // An inline enum: a nullable reference to the named Platform schema renders differently per document.
  platform: z.enum(PLATFORMS).nullable(),
  /** Who acted: the user themself, or a service acting for them (its key's id in details.keyId). */
  actor: z.enum(['user', 'service', 'system']),
  /** The client's IP address as the server saw it, when a request caused the event. */
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  occurredAt: z.iso.datetime(),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/** GET /api/v1/audit: newest first, optionally one kind and a time range (from inclusive, to exclusive). */
export const ZAuditListQuery = z
  .strictObject({
    kind: ZAuditEventKind.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: pageLimit(AUDIT_PAGE_MAX, AUDIT_PAGE_DEFAULT),
    cursor: pageCursor(512),
  })
  .refine((query) => !query.from || !query.to || new Date(query.from) < new Date(query.to), { path: ['to'], message: 'must be after from' });
export type TAuditListQuery = z.output<typeof ZAuditListQuery>;

export const ZAuditListResponse = z.object({ events: z.array(ZAuditEvent), nextCursor: z.string().nullable() });
export type TAuditListResponse = z.infer<typeof ZAuditListResponse>;
