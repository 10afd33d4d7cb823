import type { Pool } from 'pg';
import type { TRemoveAgentContactsResponse } from '@voiceagent/shared';
import { auditActorOf } from '../audit/audit-actor';
import type { AuditService } from '../audit/audit-service';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withService } from '../db/transactions';
import { AppError } from '../http/app-error';
import { lockAgent, removeAgentContacts } from './agent-contact-removal-repository';

export type AgentContactRemovalService = ReturnType<typeof createAgentContactRemovalService>;

/**
 * Bulk delete from an agent's list: its snapshot loses the chosen rows at once (no job: one
 * statement), and the agent's count follows. The contacts stay synced and in the CRMs.
 */
export function createAgentContactRemovalService(deps: { pool: Pool; audit?: Pick<AuditService, 'record'> }) {
  return {
    async removeContacts(user: AuthenticatedUser, agentId: string, contactIds: string[]): Promise<TRemoveAgentContactsResponse> {
      // The list is the server's to write (0110); the statements name the user, so another's agent is as absent as none.
      const result = await withService(deps.pool, async (db) => {
        if (!(await lockAgent(db, user.id, agentId))) throw new AppError('not_found', 'No agent with this id');
        return removeAgentContacts(db, { userId: user.id, agentId, ids: [...new Set(contactIds)] });
      });
      await deps.audit?.record({
        userId: user.id,
        kind: 'bulk_operation_finished',
        outcome: 'success',
        actor: auditActorOf(user),
        details: { operation: 'agent_contacts_removed', agentId, contactsDeleted: result.removed },
      });
      return result;
    },
  };
}
