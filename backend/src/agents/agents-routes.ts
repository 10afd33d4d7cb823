import express, { type Router } from 'express';
import {
  ZAgentContactListQuery,
  ZAgentListQuery,
  ZAgentParams,
  ZCreateAgentBody,
  ZUpdateAgentBody,
  type TAgentContactListResponse,
  type TAgentDetail,
  type TAgentListResponse,
  type TCreateAgentResponse,
} from '@voiceagent/shared';
import { getUser } from '../auth/require-user';
import { parseInput } from '../http/validate';
import { createAgentsService, type AgentsServiceDeps } from './agents-service';

/** POST /agents (with a snapshot of its contacts), GET /agents, GET and PATCH /agents/:id, GET /agents/:id/contacts. */
export function createAgentsRouter(deps: AgentsServiceDeps): Router {
  const service = createAgentsService(deps);
  const router = express.Router();

  router.post('/agents', async (req, res) => {
    const input = parseInput(ZCreateAgentBody, req.body, 'body');
    const body: TCreateAgentResponse = await service.createAgent(getUser(req), input);
    res.status(201).location(`/api/v1/agents/${body.agent.id}`).json(body);
  });

  router.get('/agents', async (req, res) => {
    const query = parseInput(ZAgentListQuery, req.query, 'query');
    const body: TAgentListResponse = await service.listAgents(getUser(req), query);
    res.json(body);
  });

  router.get('/agents/:id', async (req, res) => {
    const { id } = parseInput(ZAgentParams, req.params, 'params');
    const body: TAgentDetail = await service.getAgent(getUser(req), id);
    res.json(body);
  });

  router.patch('/agents/:id', async (req, res) => {
    const { id } = parseInput(ZAgentParams, req.params, 'params');
    const changes = parseInput(ZUpdateAgentBody, req.body, 'body');
    const body: TAgentDetail = await service.updateAgent(getUser(req), id, changes);
    res.json(body);
  });

  router.get('/agents/:id/contacts', async (req, res) => {
    const { id } = parseInput(ZAgentParams, req.params, 'params');
    const query = parseInput(ZAgentContactListQuery, req.query, 'query');
    const body: TAgentContactListResponse = await service.listAgentContacts(getUser(req), id, query);
    res.json(body);
  });

  return router;
}
