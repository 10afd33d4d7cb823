import { zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  ZAgent,
  ZAgentContact,
  ZAgentDetail,
  ZApiError,
  ZContact,
  ZContactCounts,
  ZCreateContactResult,
  ZCrmConnection,
  ZCrmField,
  ZFilterNode,
  ZFieldMapping,
  ZStandardFieldValues,
  ZNewContact,
  ZPhoneRegion,
  ZPlatform,
  ZSegment,
  ZSyncRun,
} from '@voiceagent/shared';
import type { z } from 'zod';

/** Shared schemas that become named components (`$ref`s) wherever they appear. */
const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  ApiError: ZApiError,
  Platform: ZPlatform,
  PhoneRegion: ZPhoneRegion,
  CrmConnection: ZCrmConnection,
  CrmField: ZCrmField,
  FieldMapping: ZFieldMapping,
  StandardFieldValues: ZStandardFieldValues,
  SyncRun: ZSyncRun,
  Contact: ZContact,
  ContactCounts: ZContactCounts,
  FilterNode: ZFilterNode,
  NewContact: ZNewContact,
  CreateContactResult: ZCreateContactResult,
  Agent: ZAgent,
  AgentDetail: ZAgentDetail,
  AgentContact: ZAgentContact,
  Segment: ZSegment,
};

/**
 * Names the shared schemas in zod-to-openapi's metadata registry. Done through the registry
 * rather than `extendZodWithOpenApi(z)` + `.openapi()`: zod 4 copies methods onto each schema
 * when it is built, so the extension would have to run before packages/shared is first
 * imported anywhere — an import-order rule no one could see.
 */
export function nameSharedSchemas(): void {
  for (const [name, schema] of Object.entries(NAMED_SCHEMAS)) {
    zodToOpenAPIRegistry.add(schema, { ...zodToOpenAPIRegistry.get(schema), _internal: { refId: name } });
  }
}
