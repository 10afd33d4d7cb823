import express, { type Router } from 'express';
import {
  ZPlatformParams,
  ZSyncAllQuery,
  ZSyncRunListQuery,
  ZSyncRunParams,
  ZSyncStartQuery,
  type TSyncAllResponse,
  type TSyncRun,
  type TSyncRunListResponse,
  type TSyncStartResponse,
} from '@voiceagent/shared';
import { getUser } from '../../auth/require-user';
import { parseInput } from '../../http/validate';
import type { SyncService } from './sync-service';

/**
 * POST /crm/sync, POST /crm/:platform/sync (202: the sync runs in the background), and the run
 * history and progress under GET /crm/sync/runs. Mounted after the CRM router.
 */
export function createSyncRouter(sync: SyncService): Router {
  const router = express.Router();

  router.post('/crm/sync', async (req, res) => {
    parseInput(ZSyncAllQuery, req.query, 'query');
    const body: TSyncAllResponse = await sync.startAllSyncs(getUser(req));
    res.status(202).json(body);
  });

  router.get('/crm/sync/runs', async (req, res) => {
    const query = parseInput(ZSyncRunListQuery, req.query, 'query');
    const body: TSyncRunListResponse = await sync.listRuns(getUser(req), query);
    res.json(body);
  });

  router.get('/crm/sync/runs/:id', async (req, res) => {
    const { id } = parseInput(ZSyncRunParams, req.params, 'params');
    const body: TSyncRun = await sync.getRun(getUser(req), id);
    res.json(body);
  });

  router.post('/crm/:platform/sync', async (req, res) => {
    const { platform } = parseInput(ZPlatformParams, req.params, 'params');
    const { mode } = parseInput(ZSyncStartQuery, req.query, 'query');
    const body: TSyncStartResponse = await sync.startSync(getUser(req), platform, mode);
    res.status(202).json(body);
  });

  return router;
}
