import type { PoolClient } from 'pg';

/** Takes these rows off the agent's list and sets its count to what is left; returns both counts. */
export async function removeAgentContacts(db: PoolClient, input: { userId: string; agentId: string; ids: string[] }): Promise<{ removed: number; contactCount: number }> {
  const removed = await db.query(`delete from public.agent_contacts where user_id = $1 and agent_id = $2 and id = any($3::uuid[])`, [input.userId, input.agentId, input.ids]);
  const { rows } = await db.query<{ contact_count: number }>(
    `update public.agents a set contact_count = (select count(*)::int from public.agent_contacts c where c.user_id = a.user_id and c.agent_id = a.id)
     where a.user_id = $1 and a.id = $2 returning a.contact_count`,
    [input.userId, input.agentId],
  );
  return { removed: removed.rowCount ?? 0, contactCount: rows[0]?.contact_count ?? 0 };
}

/** Locks the agent for the change (two removals at once must agree on its count); undefined when it is not the user's. */
export async function lockAgent(db: PoolClient, userId: string, agentId: string): Promise<{ id: string } | undefined> {
  const { rows } = await db.query<{ id: string }>(`select id from public.agents where user_id = $1 and id = $2 for update`, [userId, agentId]);
  return rows[0];
}
