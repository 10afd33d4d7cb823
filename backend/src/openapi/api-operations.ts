import type { ApiOperation } from './api-operation';
import { AGENTS_OPERATIONS } from './operations/agents-operations';
import { CAMPAIGNS_OPERATIONS } from './operations/campaigns-operations';
import { CONTACTS_OPERATIONS } from './operations/contacts-operations';
import { CRM_OPERATIONS } from './operations/crm-operations';
import { PLATFORM_OPERATIONS } from './operations/platform-operations';
import { SYNC_OPERATIONS } from './operations/sync-operations';

/**
 * Every operation of the API. The OpenAPI document is generated from this list, and a test
 * checks it against the routes Express really has, both ways.
 */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...PLATFORM_OPERATIONS,
  ...CRM_OPERATIONS,
  ...SYNC_OPERATIONS,
  ...CONTACTS_OPERATIONS,
  ...AGENTS_OPERATIONS,
  ...CAMPAIGNS_OPERATIONS,
];
