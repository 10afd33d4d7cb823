import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { WatchedChannel, WatchRequest } from '../../crm-service';
import type { ProviderErrorDetails } from '../../provider-http/provider-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import { ZOHO_API_VERSION } from './zoho-oauth';

/** The scope Zoho's Notification API needs (enable, update, details and disable). */
export const ZOHO_NOTIFICATIONS_SCOPE = 'ZohoCRM.notifications.ALL';
/**
 * Zoho refuses a channel_expiry more than one day ahead. We ask for 23 hours: an hour of margin
 * for the clocks of Zoho and this server, and the renewal job moves it on well before.
 */
export const ZOHO_WATCH_LIFETIME_MS = 23 * 3_600_000;

const PATH = `/crm/${ZOHO_API_VERSION}/actions/watch`;
const ZItem = z.looseObject({
  code: z.string(),
  status: z.string(),
  message: z.string().optional(),
  details: z.looseObject({ events: z.array(z.looseObject({ channel_expiry: z.string().optional(), channel_id: z.union([z.string(), z.number()]).optional() })).optional() }).default({}),
});
const ZWatchBody = z.object({ watch: z.array(ZItem).min(1) });
// A 400 with per-item errors is an answer; a request-level 400 still fails (ZOHO_PROFILE).
const acceptItemErrors = (status: number) => (status >= 200 && status < 300) || status === 400;

/** POST /actions/watch: a channel on Contacts.all with our token and notify URL. */
export async function enableZohoWatch(http: ProviderHttpClient, request: WatchRequest): Promise<WatchedChannel> {
  const item = await send(() =>
    http.post<unknown>(
      PATH,
      {
        watch: [
          {
            channel_id: request.channelId,
            events: ['Contacts.all'],
            channel_expiry: zohoDateTime(request.expiresAt),
            token: request.token,
            notify_url: request.notifyUrl,
            return_affected_field_values: false,
          },
        ],
      },
      // Enabling the same channel id again replaces it: safe to retry.
      { operation: 'zoho.watch.enable', idempotent: true, validateStatus: acceptItemErrors },
    ),
  );
  if (item.status !== 'success') throw refusal('enable', item);
  return { channelId: request.channelId, expiresAt: expiryOf(item) ?? request.expiresAt };
}

/** PATCH /actions/watch with a new channel_expiry; null when Zoho no longer has the channel. */
export async function renewZohoWatch(http: ProviderHttpClient, input: { channelId: string; expiresAt: Date }): Promise<WatchedChannel | null> {
  const item = await send(() =>
    http.patch<unknown>(PATH, { watch: [{ channel_id: input.channelId, channel_expiry: zohoDateTime(input.expiresAt) }] }, {
      operation: 'zoho.watch.renew',
      idempotent: true,
      validateStatus: acceptItemErrors,
    }),
  );
  if (item.status === 'success') return { channelId: input.channelId, expiresAt: expiryOf(item) ?? input.expiresAt };
  if (isUnknownChannel(item)) return null;
  throw refusal('renew', item);
}

/** DELETE /actions/watch?channel_ids=…; a channel Zoho no longer has is already stopped. */
export async function disableZohoWatch(http: ProviderHttpClient, channelId: string): Promise<void> {
  const item = await send(() => http.delete<unknown>(PATH, { params: { channel_ids: channelId }, operation: 'zoho.watch.disable', idempotent: true, validateStatus: acceptItemErrors }));
  if (item.status !== 'success' && !isUnknownChannel(item)) throw refusal('disable', item);
}

type Item = z.infer<typeof ZItem>;

async function send(call: () => Promise<{ data: unknown }>): Promise<Item> {
  let data: unknown;
  try {
    data = (await call()).data;
  } catch (error) {
    throw explainMissingScope(error);
  }
  return parseProviderBody(ZWatchBody, data, 'Zoho CRM', 'the Notification API').watch[0]!;
}

function isUnknownChannel(item: Item): boolean {
  return item.code === 'INVALID_DATA' && (item.details as { api_name?: unknown }).api_name === 'channel_id';
}

function expiryOf(item: Item): Date | null {
  const raw = item.details.events?.[0]?.channel_expiry;
  const ms = raw ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms);
}

function refusal(what: string, item: Item): AppError {
  const field = typeof (item.details as { api_name?: unknown }).api_name === 'string' ? ` (${(item.details as { api_name: string }).api_name})` : '';
  return new AppError('provider_rejected', `Zoho CRM refused to ${what} the notification channel: ${item.message ?? item.code}${field} [${item.code}]`, {
    platform: 'zoho',
    providerCode: item.code,
  });
}

function explainMissingScope(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'provider_rejected') return error;
  const details = (error.details ?? {}) as ProviderErrorDetails;
  if (details.providerCode !== 'OAUTH_SCOPE_MISMATCH') return error;
  return new AppError(
    'provider_rejected',
    `Zoho CRM refused the notification channel: this connection was made without the ${ZOHO_NOTIFICATIONS_SCOPE} scope. Reconnect Zoho CRM for changes to arrive in seconds; until then the scheduled sync keeps it up to date.`,
    { ...details, reason: 'missing_scope', requiredScope: ZOHO_NOTIFICATIONS_SCOPE, reconnect: true },
  );
}

/** Zoho's date-time form: seconds and an offset. */
function zohoDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
