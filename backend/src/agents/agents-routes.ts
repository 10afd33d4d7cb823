import { buildEndpointPath, endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { AgentsService } from './agents-service';

/** POST /agents (with a snapshot of its contacts), GET /agents, GET and PATCH /agents/:id, GET /agents/:id/contacts. */
export function mountAgentsRoutes(routes: EndpointRouters, service: AgentsService): void {
  mountEndpoint(routes, endpoints.createAgent, ({ user, body }) => service.createAgent(user, body), {
    location: (created) => buildEndpointPath(endpoints.getAgent.path, { id: created.agent.id }),
  });
  mountEndpoint(routes, endpoints.listAgents, ({ user, query }) => service.listAgents(user, query));
  mountEndpoint(routes, endpoints.getAgent, ({ user, params }) => service.getAgent(user, params.id));
  mountEndpoint(routes, endpoints.updateAgent, ({ user, params, body }) => service.updateAgent(user, params.id, body));
  mountEndpoint(routes, endpoints.listAgentContacts, ({ user, params, query }) => service.listAgentContacts(user, params.id, query));
}
