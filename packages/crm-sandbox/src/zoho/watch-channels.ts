import { formatZohoTime } from './zoho-time';
import { ZohoApiError, zohoError } from './zoho-errors';
import type { ZohoErrorBody } from './zoho-errors';

/** Zoho caps a channel's life at one day from now; without channel_expiry it lives one hour. */
export const MAX_CHANNEL_LIFETIME_MS = 86_400_000;
export const DEFAULT_CHANNEL_LIFETIME_MS = 3_600_000;
const MAX_TOKEN_LENGTH = 50;
const CONTACT_EVENTS = ['Contacts.all', 'Contacts.create', 'Contacts.edit', 'Contacts.delete'] as const;

export type ContactOperation = 'insert' | 'update' | 'delete';

/** One notification channel of an org: where and with which token Zoho posts changes of Contacts. */
export type WatchChannel = {
  channelId: string;
  events: string[];
  expiresAtMs: number;
  token: string | null;
  notifyUrl: string;
  returnAffectedFieldValues: boolean;
};

/** The channels of one org, by channel id. Expired channels are dropped when next looked at. */
export class WatchChannelStore {
  private readonly channels = new Map<string, WatchChannel>();

  constructor(private readonly now: () => number) {}

  /** Live channels, oldest first. */
  list(): WatchChannel[] {
    this.dropExpired();
    return [...this.channels.values()];
  }

  get(channelId: string): WatchChannel | undefined {
    this.dropExpired();
    return this.channels.get(channelId);
  }

  put(channel: WatchChannel): void {
    this.channels.set(channel.channelId, channel);
  }

  delete(channelId: string): boolean {
    this.dropExpired();
    return this.channels.delete(channelId);
  }

  clear(): void {
    this.channels.clear();
  }

  /** The live channels that asked to hear about this operation. */
  listening(operation: ContactOperation): WatchChannel[] {
    const event = operation === 'insert' ? 'Contacts.create' : operation === 'update' ? 'Contacts.edit' : 'Contacts.delete';
    return this.list().filter((channel) => channel.events.includes('Contacts.all') || channel.events.includes(event));
  }

  private dropExpired(): void {
    const nowMs = this.now();
    for (const [id, channel] of this.channels) if (channel.expiresAtMs <= nowMs) this.channels.delete(id);
  }
}

/** What one item of an enable (POST, PUT) or update (PATCH) asks for; absent keys are undefined. */
export type WatchInput = {
  channelId: string;
  events?: string[];
  expiresAtMs?: number;
  token?: string | null;
  notifyUrl?: string;
  returnAffectedFieldValues?: boolean;
};

/**
 * Checks one item of `watch` as Zoho does: channel_id a long, events known `Module.operation`
 * names (the sandbox watches Contacts only), channel_expiry within one day, token at most 50
 * characters, notify_url an http(s) URL. `mode` 'patch' leaves out the mandatory checks.
 */
export function checkWatchInput(raw: unknown, index: number, nowMs: number, mode: 'enable' | 'patch'): WatchInput | ZohoErrorBody {
  const at = (name: string) => ({ api_name: name, json_path: `$.watch[${index}].${name}` });
  const invalid = (name: string) => zohoError('INVALID_DATA', 'invalid data', at(name));
  const missing = (name: string) => zohoError('MANDATORY_NOT_FOUND', 'required field not found', at(name));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return zohoError('INVALID_DATA', 'invalid data', { json_path: `$.watch[${index}]` });
  const item = raw as Record<string, unknown>;
  const input: WatchInput = { channelId: '' };

  const channelId = item.channel_id;
  if (channelId === undefined) return missing('channel_id');
  const channelText = typeof channelId === 'number' && Number.isSafeInteger(channelId) ? String(channelId) : typeof channelId === 'string' ? channelId : '';
  if (!/^[1-9]\d{0,18}$/.test(channelText)) return invalid('channel_id');
  input.channelId = channelText;

  if (item.events !== undefined) {
    if (!Array.isArray(item.events) || item.events.length === 0) return invalid('events');
    if (!item.events.every((event) => typeof event === 'string' && (CONTACT_EVENTS as readonly string[]).includes(event))) return invalid('events');
    input.events = [...new Set(item.events as string[])];
  } else if (mode === 'enable') return missing('events');

  if (item.notify_url !== undefined) {
    if (typeof item.notify_url !== 'string' || !isHttpUrl(item.notify_url)) return invalid('notify_url');
    input.notifyUrl = item.notify_url;
  } else if (mode === 'enable') return missing('notify_url');

  if (item.channel_expiry !== undefined && item.channel_expiry !== null) {
    const ms = typeof item.channel_expiry === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(item.channel_expiry) ? Date.parse(item.channel_expiry) : Number.NaN;
    if (Number.isNaN(ms) || ms <= nowMs || ms > nowMs + MAX_CHANNEL_LIFETIME_MS) return invalid('channel_expiry');
    input.expiresAtMs = ms;
  }

  if (item.token !== undefined) {
    if (item.token !== null && (typeof item.token !== 'string' || item.token.length === 0 || item.token.length > MAX_TOKEN_LENGTH)) return invalid('token');
    input.token = item.token as string | null;
  }

  if (item.return_affected_field_values !== undefined) {
    if (typeof item.return_affected_field_values !== 'boolean') return invalid('return_affected_field_values');
    input.returnAffectedFieldValues = item.return_affected_field_values;
  }
  return input;
}

/** The `watch` array of a request body, or Zoho's error for a body without one. */
export function watchItemsOf(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'body'));
  const watch = (body as { watch?: unknown }).watch;
  if (watch === undefined) throw new ZohoApiError(400, zohoError('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'watch' }));
  if (!Array.isArray(watch) || watch.length === 0) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'invalid data', { api_name: 'watch', expected_data_type: 'jsonarray' }));
  if (watch.length > 100) throw new ZohoApiError(400, zohoError('LIMIT_EXCEEDED', 'Record count exceeded', { limit: 100, api_name: 'watch' }));
  return watch;
}

/** A channel as Get Notification Details lists it (Contacts.all spelled out, as Zoho does). */
export function renderChannel(channel: WatchChannel, resource: { uri: string; id: string }, offsetMinutes: number): Record<string, unknown> {
  const events = channel.events.includes('Contacts.all') ? ['Contacts.create', 'Contacts.edit', 'Contacts.delete'] : channel.events;
  return {
    notify_on_related_action: false,
    channel_expiry: formatZohoTime(channel.expiresAtMs, offsetMinutes),
    return_affected_field_values: channel.returnAffectedFieldValues,
    resource_uri: resource.uri,
    resource_id: resource.id,
    notify_url: channel.notifyUrl,
    resource_name: 'Contacts',
    fields: null,
    channel_id: channel.channelId,
    events,
    token: channel.token,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
