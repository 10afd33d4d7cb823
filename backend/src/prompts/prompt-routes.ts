import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import type { PromptsService } from './prompts-service';

/**
 * GET /agents/prompt-variables, POST /agents/prompt-preview, GET /campaigns/:id/contacts/:contactId/context.
 * Mount before the agents' routes: `/agents/prompt-variables` would otherwise be read as `/agents/:id`.
 */
export function mountPromptRoutes(routes: EndpointRouters, service: PromptsService): void {
  mountEndpoint(routes, endpoints.listPromptVariables, ({ user }) => service.listPromptVariables(user));
  mountEndpoint(routes, endpoints.previewAgentPrompt, ({ user, body }) => service.previewPrompt(user, body));
  mountEndpoint(routes, endpoints.getCampaignContactContext, ({ user, params }) => service.getCampaignContactContext(user, params.id, params.contactId));
}
