import express, { type Router } from 'express';
import {
  ZCampaignDetailQuery,
  ZCampaignListQuery,
  ZCampaignParams,
  ZCreateCampaignBody,
  ZPostResultsBody,
  type TCampaignDetail,
  type TCampaignListResponse,
  type TCampaignStats,
  type TCreateCampaignResponse,
  type TPostResultsResponse,
  type TSyncResultsResponse,
} from '@voiceagent/shared';
import { getUser } from '../auth/require-user';
import { parseInput } from '../http/validate';
import type { CRMCampaignService } from './crm-campaign-service';
import { resolveResultsPrincipal } from './results-principal';

/** POST/GET /campaigns, GET /campaigns/:id, /:id/stats; POST /:id/results (the calling service) and /:id/sync-results. */
export function createCampaignsRouter(service: CRMCampaignService): Router {
  const router = express.Router();

  router.post('/campaigns', async (req, res) => {
    const input = parseInput(ZCreateCampaignBody, req.body, 'body');
    const body: TCreateCampaignResponse = await service.createCampaign(getUser(req), input);
    res.status(201).location(`/api/v1/campaigns/${body.campaign.id}`).json(body);
  });

  router.get('/campaigns', async (req, res) => {
    const query = parseInput(ZCampaignListQuery, req.query, 'query');
    const body: TCampaignListResponse = await service.listCampaigns(getUser(req), query);
    res.json(body);
  });

  router.get('/campaigns/:id', async (req, res) => {
    const { id } = parseInput(ZCampaignParams, req.params, 'params');
    const query = parseInput(ZCampaignDetailQuery, req.query, 'query');
    const body: TCampaignDetail = await service.getCampaign(getUser(req), id, query);
    res.json(body);
  });

  router.get('/campaigns/:id/stats', async (req, res) => {
    const { id } = parseInput(ZCampaignParams, req.params, 'params');
    const body: TCampaignStats = await service.getStats(getUser(req), id);
    res.json(body);
  });

  router.post('/campaigns/:id/results', async (req, res) => {
    const { id } = parseInput(ZCampaignParams, req.params, 'params');
    const input = parseInput(ZPostResultsBody, req.body, 'body');
    const body: TPostResultsResponse = await service.recordResults(resolveResultsPrincipal(req), id, input);
    res.json(body);
  });

  router.post('/campaigns/:id/sync-results', async (req, res) => {
    const { id } = parseInput(ZCampaignParams, req.params, 'params');
    const body: TSyncResultsResponse = await service.syncResults(getUser(req), id);
    res.status(202).json(body);
  });

  return router;
}
