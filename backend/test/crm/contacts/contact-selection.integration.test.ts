import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { CONTACT_SELECTION_IDS_MAX, ZContactSelection, ZCreateCampaignBody, type TContactSelection } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileContactSelection } from '../../../src/crm/contacts/selection/contact-selection-sql';
import { readContactSelection } from '../../../src/crm/contacts/selection/contact-selection';
import { createSqlParams } from '../../../src/db/sql-params';
import { withService, withUser } from '../../../src/db/transactions';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../../support/test-database';
import { insertContacts } from './contact-fixtures';

/**
 * The contact-selection module on its own: a selection as a client sends it, read as agents and
 * campaigns read it, compiled to SQL and run against contacts seeded for two users.
 */
let database: TestDatabase;
let owner: TestUser;
let stranger: TestUser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await createTestUser(database.pool);
  stranger = await createTestUser(database.pool);
  const names = ['ada', 'alan', 'grace', 'zoe', 'quiet', 'gone'] as const;
  const mine = await insertContacts(database.pool, owner.id, [
    { platform: 'hubspot', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engines.test', phone: '+1 415 555 0101', phoneE164: '+14155550101' },
    { platform: 'hubspot', firstName: 'Alan', lastName: 'Turing', company: 'Bletchley', mobilePhone: '+44 20 7946 0018', mobilePhoneE164: '+442079460018' },
    { platform: 'zoho', firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.test', phone: '+1 415 555 0102', phoneE164: '+14155550102' },
    { platform: 'zoho', firstName: 'Zoë', lastName: 'Ångström', company: 'Lumen' },
    { platform: 'hubspot', firstName: 'Quiet', lastName: 'Person', email: 'quiet@example.test' },
    { platform: 'zoho', firstName: 'Gone', lastName: 'Away', phoneE164: '+14155550199', deletedAt: new Date() },
  ]);
  names.forEach((name, i) => (ids[name] = mine[i]!));
  // Matches every filter the owner's selections use, so a leak would show in each of them.
  const [strangers] = await insertContacts(database.pool, stranger.id, [
    { platform: 'hubspot', firstName: 'Ada', lastName: 'Stranger', email: 'ada@stranger.test', phone: '+1 415 555 0103', phoneE164: '+14155550103' },
  ]);
  ids.strangers = strangers!;
});

afterAll(async () => {
  await database?.drop();
});

type Selected = { all: string[]; picked: string[] };

/** Runs a selection as agents and campaigns do: parsed by the shared schema, read, compiled, selected. */
async function runSelection(db: pg.PoolClient, userId: string, body: TContactSelection): Promise<Selected> {
  const params = createSqlParams();
  const sql = compileContactSelection(userId, await readContactSelection(db, userId, ZContactSelection.parse(body), ''), params);
  const { rows } = await db.query<{ id: string; is_picked: boolean }>(
    `select c.id, ${sql.isPicked} as is_picked from public.crm_contacts c where ${sql.where}`,
    params.values,
  );
  return { all: rows.map((row) => row.id).sort(), picked: rows.filter((row) => row.is_picked).map((row) => row.id).sort() };
}

const selectAs = (user: TestUser, body: TContactSelection) => withUser(database.pool, user.claims, (db) => runSelection(db, user.id, body));
const readAs = (user: TestUser, body: TContactSelection) =>
  withUser(database.pool, user.claims, (db) => readContactSelection(db, user.id, ZContactSelection.parse(body), 'contacts'));
const namesOf = (...names: string[]) => names.map((name) => ids[name]!).sort();

describe('a selection by filter', () => {
  it('takes the live contacts of the platforms listed, and every platform when all or none are listed', async () => {
    expect((await selectAs(owner, { filter: { platform: 'zoho' } })).all).toEqual(namesOf('grace', 'zoe'));
    expect((await selectAs(owner, { filter: { platform: ['hubspot'] } })).all).toEqual(namesOf('ada', 'alan', 'quiet'));
    const everyone = namesOf('ada', 'alan', 'grace', 'zoe', 'quiet');
    expect((await selectAs(owner, { filter: { platform: ['zoho', 'hubspot'] } })).all).toEqual(everyone);
    expect((await selectAs(owner, { filter: {} })).all).toEqual(everyone);
  });

  it('searches as the contacts list does: names, email, company, accents and case aside, and phone digits', async () => {
    expect((await selectAs(owner, { filter: { q: 'LOVELACE' } })).all).toEqual(namesOf('ada'));
    expect((await selectAs(owner, { filter: { q: 'angstrom' } })).all).toEqual(namesOf('zoe'));
    expect((await selectAs(owner, { filter: { q: 'bletchley' } })).all).toEqual(namesOf('alan'));
    expect((await selectAs(owner, { filter: { q: '@navy' } })).all).toEqual(namesOf('grace'));
    expect((await selectAs(owner, { filter: { q: '(415) 555-01' } })).all).toEqual(namesOf('ada', 'grace'));
    expect((await selectAs(owner, { filter: { q: 'lovelace', platform: 'zoho' } })).all).toEqual([]);
  });

  it('tells callable contacts (a phone or a mobile in E.164) from the others', async () => {
    expect((await selectAs(owner, { filter: { callable: true } })).all).toEqual(namesOf('ada', 'alan', 'grace'));
    expect((await selectAs(owner, { filter: { callable: false } })).all).toEqual(namesOf('zoe', 'quiet'));
    expect((await selectAs(owner, { filter: { callable: true, platform: 'hubspot', q: 'turing' } })).all).toEqual(namesOf('alan'));
  });

  it('reads a search term literally, as a parameter, never as SQL or a LIKE pattern', async () => {
    const params = createSqlParams();
    const hostile = "%' or true --";
    const sql = compileContactSelection(owner.id, await readAs(owner, { filter: { q: hostile } }), params);

    expect(sql.where).not.toContain(hostile);
    expect((await selectAs(owner, { filter: { q: hostile } })).all).toEqual([]);
    expect((await selectAs(owner, { filter: { q: '_%' } })).all).toEqual([]);
  });
});

describe('a selection with a filter tree', () => {
  it('takes the contacts the tree matches, and-ed with the other filters', async () => {
    const where = { or: [{ field: 'company', operator: 'eq', value: 'Bletchley' }, { field: 'emailDomain', operator: 'eq', value: 'navy.test' }] } as const;

    expect((await selectAs(owner, { filter: { where } })).all).toEqual(namesOf('alan', 'grace'));
    expect((await selectAs(owner, { filter: { where, platform: 'zoho' } })).all).toEqual(namesOf('grace'));
    expect((await selectAs(owner, { filter: { where: { not: where }, callable: true } })).all).toEqual(namesOf('ada'));
  });

  it('refuses a tree naming a field the user has not got, with the path of the condition', async () => {
    const where = { and: [{ field: 'company', operator: 'eq', value: 'Lumen' }, { field: 'custom.plan', operator: 'eq', value: 'pro' }] } as const;

    await expect(readAs(owner, { filter: { where } })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ field: 'contacts.filter.where.and.1', message: 'No mapped custom field "custom.plan"' }] },
    });
  });
});

describe('a selection by ids', () => {
  it('takes the live contacts picked, each marked as picked, and leaves out deleted and unknown ids', async () => {
    const selected = await selectAs(owner, { contactIds: [ids.ada!, ids.zoe!, ids.gone!, randomUUID(), ids.ada!] });

    expect(selected.all).toEqual(namesOf('ada', 'zoe'));
    expect(selected.picked).toEqual(namesOf('ada', 'zoe'));
  });

  it('counts each id once however often it is sent', async () => {
    const selection = await readAs(owner, { contactIds: [ids.ada!, ids.ada!], filter: {}, excludeIds: [ids.alan!, ids.alan!] });

    expect(selection.contactIds).toEqual([ids.ada]);
    expect(selection.excludeIds).toEqual([ids.alan]);
  });

  it('takes a filter less the excluded ids, and a picked id even when it is excluded too', async () => {
    expect((await selectAs(owner, { filter: { callable: true }, excludeIds: [ids.ada!, ids.zoe!] })).all).toEqual(namesOf('alan', 'grace'));

    const both = await selectAs(owner, { contactIds: [ids.quiet!, ids.ada!], filter: { platform: 'zoho' }, excludeIds: [ids.grace!, ids.ada!] });

    expect(both.all).toEqual(namesOf('quiet', 'ada', 'zoe'));
    expect(both.picked).toEqual(namesOf('quiet', 'ada'));
  });
});

describe('a selection never reaches another user\'s contacts', () => {
  const theirs = () => ({ contactIds: [ids.strangers!], filter: { q: 'stranger' } });

  it('finds none of them through ids or a filter, as the user under RLS', async () => {
    expect(await selectAs(owner, theirs())).toEqual({ all: [], picked: [] });
    // The same selection is the stranger's own: the contact is there to be found.
    expect((await selectAs(stranger, theirs())).all).toEqual([ids.strangers]);
  });

  it('finds none of them by its own user condition when run without RLS (a background job)', async () => {
    const selected = await withService(database.pool, (db) => runSelection(db, owner.id, { ...theirs(), filter: {} }));

    expect(selected.all).toEqual(namesOf('ada', 'alan', 'grace', 'zoe', 'quiet'));
  });

  it('finds none of them through RLS alone, when compiled for the other user but run as this one', async () => {
    const selected = await withUser(database.pool, owner.claims, (db) => runSelection(db, stranger.id, theirs()));

    expect(selected).toEqual({ all: [], picked: [] });
  });
});

describe('the shared selection schema', () => {
  const tooMany = () => Array.from({ length: CONTACT_SELECTION_IDS_MAX + 1 }, () => randomUUID());
  const fieldsOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
    result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

  it('bounds how many ids one selection picks or excludes, and refuses unknown parts', () => {
    expect(fieldsOf(ZContactSelection.safeParse({ contactIds: tooMany() }))).toEqual(['contactIds']);
    expect(fieldsOf(ZContactSelection.safeParse({ filter: {}, excludeIds: tooMany() }))).toEqual(['excludeIds']);
    expect(fieldsOf(ZContactSelection.safeParse({ filter: { company: 'Acme' } }))).toEqual(['filter']);
    expect(fieldsOf(ZContactSelection.safeParse({ segmentId: randomUUID() }))).toEqual(['']);
  });

  it('gives a campaign its ids and filter beside its own fields, and no excludeIds', () => {
    const base = { agentId: randomUUID(), name: 'Calls' };

    expect(ZCreateCampaignBody.safeParse({ ...base, contactIds: [ids.ada], filter: { platform: 'zoho' } }).success).toBe(true);
    expect(fieldsOf(ZCreateCampaignBody.safeParse({ ...base, filter: {}, excludeIds: [ids.ada] }))).toEqual(['']);
  });
});
