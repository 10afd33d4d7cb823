import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';

type Scope = { userId: string; platform: TPlatform };

/**
 * A merge in the CRM: the losers' history moves to the winner's row, then the losers' rows go.
 * Agent and campaign snapshots point at the winner (its CRM id too, so that write-back logs calls
 * on the record that still exists); a snapshot whose agent or campaign already holds the winner
 * keeps its own copy and loses only the link (the foreign key's `set null`). Call results hang
 * off campaign_contacts, so they follow. Returns how many loser rows were deleted.
 */
export async function mergeContactRows(db: PoolClient, scope: Scope, winnerExternalId: string, loserExternalIds: readonly string[]): Promise<number> {
  const losers = loserExternalIds.filter((id) => id !== winnerExternalId);
  if (losers.length === 0) return 0;
  const { rows } = await db.query<{ id: string }>(
    'select id from public.crm_contacts where user_id = $1 and platform = $2 and external_id = $3',
    [scope.userId, scope.platform, winnerExternalId],
  );
  const winnerId = rows[0]?.id ?? null;
  if (winnerId !== null) {
    await db.query(
      `update public.agent_contacts a set crm_contact_id = $4, external_id = $5
        where a.user_id = $1 and a.platform = $2 and a.external_id = any($3::text[])
          and not exists (select 1 from public.agent_contacts w where w.agent_id = a.agent_id and w.crm_contact_id = $4)`,
      [scope.userId, scope.platform, losers, winnerId, winnerExternalId],
    );
    await db.query(
      `update public.campaign_contacts c set crm_contact_id = $4, external_id = $5
        where c.user_id = $1 and c.platform = $2 and c.external_id = any($3::text[])
          and not exists (select 1 from public.campaign_contacts w where w.campaign_id = c.campaign_id and w.platform = c.platform and w.external_id = $5)`,
      [scope.userId, scope.platform, losers, winnerId, winnerExternalId],
    );
  }
  const deleted = await db.query('delete from public.crm_contacts where user_id = $1 and platform = $2 and external_id = any($3::text[])', [
    scope.userId,
    scope.platform,
    losers,
  ]);
  return deleted.rowCount ?? 0;
}

/**
 * A privacy deletion (GDPR): the person's data is removed here, not marked. The synced row is
 * deleted, and the copies agents and campaigns took of them lose every personal field — name,
 * email, company, phone and call notes; the rows stay (blank) so that counts and call outcomes
 * keep adding up. Returns how many synced rows were deleted.
 */
export async function erasePersonalData(db: PoolClient, scope: Scope, externalIds: readonly string[]): Promise<number> {
  if (externalIds.length === 0) return 0;
  const params = [scope.userId, scope.platform, externalIds];
  await db.query(
    `update public.campaign_call_results r set summary = '', outcome = null, recording_url = null
       from public.campaign_contacts c
      where c.user_id = $1 and c.platform = $2 and c.external_id = any($3::text[])
        and r.campaign_contact_id = c.id and r.user_id = c.user_id`,
    params,
  );
  // A call not yet made is not made: nobody is left to call.
  await db.query(
    `update public.campaign_contacts set name = null, email = null, company = null, phone_e164 = null, summary = null, notes = null,
        call_status = case when call_status in ('pending', 'queued') then 'skipped' else call_status end
      where user_id = $1 and platform = $2 and external_id = any($3::text[])`,
    params,
  );
  // phone_e164 is required of agent snapshots (the number to dial): the erased person is no longer
  // anyone to call, so their snapshot goes (and the agents' counts follow); deleting the synced row
  // below would only unlink it.
  const removed = await db.query<{ agent_id: string }>(
    'delete from public.agent_contacts where user_id = $1 and platform = $2 and external_id = any($3::text[]) returning agent_id',
    params,
  );
  const agentIds = [...new Set(removed.rows.map((row) => row.agent_id))];
  if (agentIds.length > 0) {
    await db.query(
      `update public.agents a set contact_count = (select count(*)::int from public.agent_contacts c where c.user_id = a.user_id and c.agent_id = a.id)
        where a.user_id = $1 and a.id = any($2::uuid[])`,
      [scope.userId, agentIds],
    );
  }
  const deleted = await db.query('delete from public.crm_contacts where user_id = $1 and platform = $2 and external_id = any($3::text[])', params);
  return deleted.rowCount ?? 0;
}
