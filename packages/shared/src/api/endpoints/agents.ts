import {
  ZAgentContactListQuery,
  ZAgentContactListResponse,
  ZAgentDetail,
  ZAgentListQuery,
  ZAgentListResponse,
  ZAgentParams,
  ZCreateAgentBody,
  ZCreateAgentResponse,
  ZPromptPreviewBody,
  ZPromptVariablesResponse,
  ZRenderedPrompt,
  ZUpdateAgentBody,
} from '../../agents';
import { defineEndpoint } from '../endpoint';

export const createAgent = defineEndpoint({
  operationId: 'createAgent',
  method: 'post',
  path: '/api/v1/agents',
  tag: 'agents',
  summary: 'Create an agent with a snapshot of the callable contacts picked or matched',
  auth: 'user',
  request: { body: ZCreateAgentBody },
  response: {
    status: 201,
    description: 'The agent, and how many contacts were added or skipped',
    schema: ZCreateAgentResponse,
    headers: { Location: { description: 'The new agent: /api/v1/agents/{id}' } },
  },
  errors: [],
});

export const listAgents = defineEndpoint({
  operationId: 'listAgents',
  method: 'get',
  path: '/api/v1/agents',
  tag: 'agents',
  summary: 'Agents, newest first (keyset pages)',
  auth: 'user',
  request: { query: ZAgentListQuery },
  response: { status: 200, description: 'A page of agents and the cursor of the next', schema: ZAgentListResponse },
  errors: [],
});

export const getAgent = defineEndpoint({
  operationId: 'getAgent',
  method: 'get',
  path: '/api/v1/agents/:id',
  tag: 'agents',
  summary: 'One agent, with its contacts counted by platform',
  auth: 'user',
  request: { params: ZAgentParams },
  response: { status: 200, description: 'The agent', schema: ZAgentDetail },
  errors: ['not_found'],
});

export const updateAgent = defineEndpoint({
  operationId: 'updateAgent',
  method: 'patch',
  path: '/api/v1/agents/:id',
  tag: 'agents',
  summary: 'Change what an agent is called and says',
  description: 'The fields sent change, the others stay; an empty greeting or instructions clears them. Its contacts stay as selected.',
  auth: 'user',
  request: { params: ZAgentParams, body: ZUpdateAgentBody },
  response: { status: 200, description: 'The agent as it is now', schema: ZAgentDetail },
  errors: ['not_found'],
});

export const listAgentContacts = defineEndpoint({
  operationId: 'listAgentContacts',
  method: 'get',
  path: '/api/v1/agents/:id/contacts',
  tag: 'agents',
  summary: 'The contacts an agent calls, as they were when it was created',
  auth: 'user',
  request: { params: ZAgentParams, query: ZAgentContactListQuery },
  response: { status: 200, description: 'A page of the snapshot by last name, first name', schema: ZAgentContactListResponse },
  errors: ['not_found'],
});

export const listPromptVariables = defineEndpoint({
  operationId: 'listPromptVariables',
  method: 'get',
  path: '/api/v1/agents/prompt-variables',
  tag: 'agents',
  summary: 'The variables a greeting and instructions may use: contact fields, and the custom keys the user maps',
  auth: 'user',
  request: {},
  response: { status: 200, description: 'Contact variables first, then custom keys by name', schema: ZPromptVariablesResponse },
  errors: [],
});

export const previewAgentPrompt = defineEndpoint({
  operationId: 'previewAgentPrompt',
  method: 'post',
  path: '/api/v1/agents/prompt-preview',
  tag: 'agents',
  summary: 'Render a greeting and instructions for one of the caller’s contacts',
  description:
    'Checked as saving an agent checks them (a 400 names `greeting` or `instructions` and the variable). A variable the contact has ' +
    'no value for gets its default, or nothing, and is listed in `missing`.',
  auth: 'user',
  request: { body: ZPromptPreviewBody },
  response: { status: 200, description: 'The rendered greeting and instructions', schema: ZRenderedPrompt },
  errors: ['not_found'],
});
