import { ZContactListQuery, type TContactListResponse } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContactsService } from '../../src/crm/contacts/contacts-service';
import { insertContacts } from '../crm/contacts/contact-fixtures';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../support/test-database';

// unaccent folds fullwidth ％ ＿ ＼ into % _ \, so a term is LIKE-escaped only after it is
// normalised; escaped before, those three became wildcards (and \ an escape) in the pattern.
describe('contact search with fullwidth LIKE characters', () => {
  let database: TestDatabase;
  let user: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    user = await createTestUser(database.pool);
    const seeds = {
      percent: { firstName: 'Pat', lastName: 'Percent', company: '100% Juice' },
      noPercent: { firstName: 'Nora', lastName: 'Plain', company: '100 Juice' },
      underscore: { firstName: 'Una', lastName: 'Score', company: 'a_b test' },
      noUnderscore: { firstName: 'Axel', lastName: 'Bee', company: 'axb test' },
      backslash: { firstName: 'Bea', lastName: 'Slash', company: 'C:\\temp Ltd' },
      noBackslash: { platform: 'zoho' as const, firstName: 'Cole', lastName: 'Temp', company: 'C:temp Ltd' },
    };
    const created = await insertContacts(database.pool, user.id, Object.values(seeds));
    Object.keys(seeds).forEach((key, i) => (ids[key] = created[i]!));
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function search(q: string): Promise<{ ids: string[]; total: number }> {
    const service = createContactsService({ pool: database.pool });
    const page = (await service.listContacts(user, ZContactListQuery.parse({ q }), null)) as Extract<TContactListResponse, { view: 'unified' }>;
    return { ids: page.items.map((item) => item.id).sort(), total: page.counts.total };
  }

  // Two characters: the term filters the sort walk and is counted row by row.
  it('matches a fullwidth percent sign only where a percent sign is', async () => {
    expect(await search('0％')).toEqual({ ids: [ids.percent], total: 1 });
  });

  // Three characters and more: the trigram match function (private.search_crm_contacts).
  it('matches a fullwidth underscore only where an underscore is', async () => {
    expect(await search('a＿b')).toEqual({ ids: [ids.underscore], total: 1 });
    expect(await search('0％ j')).toEqual({ ids: [ids.percent], total: 1 });
  });

  it('matches a fullwidth backslash only where a backslash is', async () => {
    expect(await search('c:＼t')).toEqual({ ids: [ids.backslash], total: 1 });
  });

  it('still treats the ASCII characters literally', async () => {
    expect(await search('0%')).toEqual({ ids: [ids.percent], total: 1 });
    expect(await search('a_b')).toEqual({ ids: [ids.underscore], total: 1 });
    expect(await search('c:\\t')).toEqual({ ids: [ids.backslash], total: 1 });
  });
});
