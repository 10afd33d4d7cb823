import express from 'express';
import type { Request, Response, Router } from 'express';
import { apiDomainUrl } from './data-centres';
import { single } from './list-query';
import type { ZohoOrg } from './org';
import { moduleIdOf } from './org';
import { apiLocals, requireScope, zohoRoute } from './route-support';
import type { ZohoSandboxState } from './sandbox-state';
import { baseUrlOf } from './urls';
import { DEFAULT_CHANNEL_LIFETIME_MS, checkWatchInput, renderChannel, watchItemsOf } from './watch-channels';
import type { WatchChannel } from './watch-channels';
import { batchStatus } from './write-results';
import type { RecordResult } from './write-results';
import { ZohoErrors, zohoError } from './zoho-errors';
import { formatZohoTime } from './zoho-time';

/**
 * The Notification API under /crm/v8/actions/watch: enable (POST), replace (PUT), update
 * (PATCH), details (GET) and disable (DELETE ?channel_ids=) of an org's channels. Each item of
 * `watch` succeeds or fails alone, as Zoho's batch writes do.
 */
export function watchRoutes(state: ZohoSandboxState): Router {
  const router = express.Router();
  const resourceOf = (req: Request, org: ZohoOrg) => ({ uri: `${apiDomainUrl(baseUrlOf(state, req), org.dataCentre)}/crm/v8/Contacts`, id: moduleIdOf(org, 'Contacts') });

  const write = (mode: 'enable' | 'replace' | 'patch') =>
    zohoRoute((req, res) => {
      requireScope(res, { kind: 'notifications', operation: mode === 'enable' ? 'CREATE' : 'UPDATE' });
      const { org } = apiLocals(res);
      const nowMs = state.now();
      const resource = resourceOf(req, org);
      const results: RecordResult[] = watchItemsOf(req.body).map((raw, index) => {
        const input = checkWatchInput(raw, index, nowMs, mode === 'patch' ? 'patch' : 'enable');
        if ('status' in input) return input;
        const existing = org.watch.get(input.channelId);
        if (mode !== 'enable' && !existing) return zohoError('INVALID_DATA', 'invalid data', { api_name: 'channel_id', json_path: `$.watch[${index}].channel_id` });
        const base: WatchChannel | undefined = mode === 'patch' ? existing : undefined;
        const channel: WatchChannel = {
          channelId: input.channelId,
          events: input.events ?? base?.events ?? [],
          // An enable or replace without channel_expiry gets Zoho's one hour; a PATCH keeps the expiry unless given.
          expiresAtMs: input.expiresAtMs ?? base?.expiresAtMs ?? nowMs + DEFAULT_CHANNEL_LIFETIME_MS,
          token: input.token !== undefined ? input.token : (base?.token ?? null),
          notifyUrl: input.notifyUrl ?? base?.notifyUrl ?? '',
          returnAffectedFieldValues: input.returnAffectedFieldValues ?? base?.returnAffectedFieldValues ?? false,
        };
        org.watch.put(channel);
        return {
          code: 'SUCCESS',
          details: {
            events: [{ channel_expiry: formatZohoTime(channel.expiresAtMs, org.timeZone.offsetMinutes), resource_uri: resource.uri, resource_id: resource.id, resource_name: 'Contacts', channel_id: channel.channelId }],
          },
          message: mode === 'enable' ? 'Successfully subscribed for actions-watch of the given module' : 'Successfully updated the subscribe details',
          status: 'success',
        };
      });
      res.status(batchStatus(results, 200)).json({ watch: results });
    });

  router.post('/actions/watch', write('enable'));
  router.put('/actions/watch', write('replace'));
  router.patch('/actions/watch', write('patch'));

  router.get('/actions/watch', zohoRoute((req, res) => {
    requireScope(res, { kind: 'notifications', operation: 'READ' });
    const { org } = apiLocals(res);
    const module = single(req.query.module);
    if (module !== undefined && module.toLowerCase() !== 'contacts') throw ZohoErrors.invalidModule();
    const channelId = single(req.query.channel_id);
    const channels = org.watch.list().filter((channel) => channelId === undefined || channel.channelId === channelId);
    if (channels.length === 0) return void res.status(204).end();
    const resource = resourceOf(req, org);
    res.json({
      watch: channels.map((channel) => renderChannel(channel, resource, org.timeZone.offsetMinutes)),
      info: { per_page: 200, count: channels.length, page: 1, more_records: false },
    });
  }));

  router.delete('/actions/watch', zohoRoute((req, res: Response) => {
    requireScope(res, { kind: 'notifications', operation: 'DELETE' });
    const { org } = apiLocals(res);
    const raw = single(req.query.channel_ids);
    if (raw === undefined || raw.trim() === '') throw ZohoErrors.requiredParam('channel_ids');
    const ids = raw.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
    if (ids.length > 100) throw ZohoErrors.limitExceeded({ limit: 100, param_name: 'channel_ids' });
    const resource = resourceOf(req, org);
    const results: RecordResult[] = ids.map((id) =>
      org.watch.delete(id)
        ? { code: 'SUCCESS', details: { resource_uri: resource.uri, resource_id: resource.id, resource_name: 'Contacts', channel_id: id }, message: 'Successfully unsubscribed from actions-watch of the given module', status: 'success' }
        : zohoError('INVALID_DATA', 'invalid data', { api_name: 'channel_id', value: id }),
    );
    res.status(batchStatus(results, 200)).json({ watch: results });
  }));

  return router;
}
