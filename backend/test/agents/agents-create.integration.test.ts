import { randomUUID } from 'node:crypto';
import type { TAgentContact, TContact } from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentsService } from '../../src/agents/agents-service';
import { createContactsService } from '../../src/crm/contacts/contacts-service';
import { AppError } from '../../src/http/app-error';
import { createApiCaller, insertContacts, listAllPages } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { agentFields, createAgentsApi, type AgentsApi } from './agent-api';

/** POST /api/v1/agents: which contacts end up in the snapshot, and what the response says about the rest. */
let product: TestProduct;
let owner: TestUser;
let api: AgentsApi;
const ids: Record<string, string> = {};
let strangersContactId: string;

beforeAll(async () => {
  product = await startTestProduct();
  owner = await signUpTestUser(product);
  api = createAgentsApi(product.url, owner.authorization);
  const seeds = {
    ada: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engines.example', company: 'Analytical', phone: '+1 415 555 0101', phoneE164: '+14155550101' },
    alan: { firstName: 'Alan', lastName: 'Turing', mobilePhone: '07700 900123', mobilePhoneE164: '+447700900123', company: 'Bletchley' },
    grace: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@ada-corp.example', phone: 'ask reception', company: 'Ada Corp' },
    adaZoho: { platform: 'zoho' as const, firstName: 'Ada', lastName: 'Byron', phone: '01 42 00 00 00', phoneE164: '+33142000000' },
    zoe: { platform: 'zoho' as const, firstName: 'Zoë', lastName: 'Ångström', phone: '070-123 45 67', phoneE164: '+46701234567', mobilePhoneE164: '+46709999999' },
    gone: { platform: 'zoho' as const, firstName: 'Ada', lastName: 'Gone', phoneE164: '+14155550199', deletedAt: new Date('2026-01-01T00:00:00Z') },
    bob: { platform: 'zoho' as const, firstName: 'Bob', lastName: 'Nophone', email: 'bob@zoho.example' },
  };
  const created = await insertContacts(product.pool, owner.id, Object.values(seeds));
  Object.keys(seeds).forEach((key, i) => (ids[key] = created[i]!));
  const stranger = await signUpTestUser(product);
  const [strangers] = await insertContacts(product.pool, stranger.id, [{ firstName: 'Ada', lastName: 'Stranger', phoneE164: '+14155550111' }]);
  strangersContactId = strangers!;
});
afterAll(async () => {
  await product?.close();
});

const crmIdsOf = (contacts: TAgentContact[]) => contacts.map((contact) => contact.crmContactId).sort();
const snapshotOf = async (agentId: string) => (await api.listAllAgentContacts(agentId)).pages.flat();

describe('POST /api/v1/agents with contactIds', () => {
  it('takes the callable ones, and counts those without a number and ids that are not live contacts of the caller', async () => {
    const unknownId = randomUUID();
    const contactIds = [ids.ada!, ids.alan!, ids.grace!, ids.gone!, strangersContactId, unknownId, ids.ada!];

    const { agent, contacts } = await api.createAgent({ ...agentFields(), contacts: { contactIds } });

    expect(contacts).toEqual({ added: 2, skipped: { notCallable: 1, notFound: 3 } });
    expect(agent).toMatchObject({
      name: 'Renewal caller',
      voice: 'sage',
      greeting: 'Hi, this is Sage from Acme.',
      instructions: 'Ask whether they want to renew.',
      contactSource: 'crm',
      contactCount: 2,
      contactCounts: { byPlatform: { hubspot: 2, zoho: 0, salesforce: 0 }, total: 2 },
    });
    const snapshot = await snapshotOf(agent.id);
    expect(crmIdsOf(snapshot)).toEqual([ids.ada, ids.alan].sort());
    expect(snapshot.find((c) => c.crmContactId === ids.alan)).toMatchObject({
      platform: 'hubspot',
      firstName: 'Alan',
      lastName: 'Turing',
      fullName: 'Alan Turing',
      email: null,
      company: 'Bletchley',
      // No phone: the mobile is the number to dial.
      phoneE164: '+447700900123',
    });
  });

  it('dials the phone before the mobile', async () => {
    const { agent } = await api.createAgent({ ...agentFields(), contacts: { contactIds: [ids.zoe!] } });

    expect((await snapshotOf(agent.id))[0]).toMatchObject({ fullName: 'Zoë Ångström', phoneE164: '+46701234567', platform: 'zoho' });
  });

  it('creates an agent with no contacts, and says why, when none of the ids can be called', async () => {
    const { agent, contacts } = await api.createAgent({ ...agentFields(), contacts: { contactIds: [ids.grace!, strangersContactId] } });

    expect(contacts).toEqual({ added: 0, skipped: { notCallable: 1, notFound: 1 } });
    expect(agent.contactCount).toBe(0);
    expect(await snapshotOf(agent.id)).toEqual([]);
  });
});

describe('POST /api/v1/agents with a filter (select all matching)', () => {
  const contactsApi = () => createApiCaller(product.url, owner.authorization);
  /** What the contacts list shows for the same query, every page. */
  const listed = async (query: string): Promise<TContact[]> => (await listAllPages(contactsApi(), `limit=2&${query}`)).flat();

  it('takes every callable contact the same search lists, across platforms and pages', async () => {
    const { agent, contacts } = await api.createAgent({ ...agentFields(), contacts: { filter: { q: 'ada' } } });

    const matching = await listed('q=ada');
    // Ada Lovelace, Ada Byron by name; Grace Hopper by her company and email, but without a number.
    expect(matching.map((c) => c.id).sort()).toEqual([ids.ada, ids.adaZoho, ids.grace].sort());
    expect(crmIdsOf(await snapshotOf(agent.id))).toEqual(matching.filter((c) => c.isCallable).map((c) => c.id).sort());
    expect(contacts).toEqual({ added: 2, skipped: { notCallable: 1, notFound: 0 } });
    expect(agent.contactCounts).toEqual({ byPlatform: { hubspot: 1, zoho: 1, salesforce: 0 }, total: 2 });
  });

  it('searches as the contacts list does: accents, case and phone digits', async () => {
    const accents = await api.createAgent({ ...agentFields(), contacts: { filter: { q: 'ANGSTROM' } } });
    expect(crmIdsOf(await snapshotOf(accents.agent.id))).toEqual([ids.zoe]);

    const digits = await api.createAgent({ ...agentFields(), contacts: { filter: { q: '(415) 555-01' } } });
    expect(crmIdsOf(await snapshotOf(digits.agent.id))).toEqual((await listed(`q=${encodeURIComponent('(415) 555-01')}`)).map((c) => c.id).sort());
    expect(crmIdsOf(await snapshotOf(digits.agent.id))).toEqual([ids.ada]);
  });

  it('takes everything without a search, leaves out excludeIds, and honours platform and callable', async () => {
    const everything = await api.createAgent({ ...agentFields(), contacts: { filter: {} } });
    expect(crmIdsOf(await snapshotOf(everything.agent.id))).toEqual([ids.ada, ids.alan, ids.adaZoho, ids.zoe].sort());
    expect(everything.contacts).toEqual({ added: 4, skipped: { notCallable: 2, notFound: 0 } });

    const zohoLessOne = await api.createAgent({ ...agentFields(), contacts: { filter: { platform: 'zoho' }, excludeIds: [ids.adaZoho!, ids.ada!] } });
    expect(crmIdsOf(await snapshotOf(zohoLessOne.agent.id))).toEqual([ids.zoe]);
    expect(zohoLessOne.contacts).toEqual({ added: 1, skipped: { notCallable: 1, notFound: 0 } });

    const callableOnly = await api.createAgent({ ...agentFields(), contacts: { filter: { platform: ['hubspot'], callable: true } } });
    expect(crmIdsOf(await snapshotOf(callableOnly.agent.id))).toEqual([ids.ada, ids.alan].sort());
    expect(callableOnly.contacts.skipped).toEqual({ notCallable: 0, notFound: 0 });
  });

  it('adds contacts picked by id to the filter\'s, each once, picks winning over excludeIds', async () => {
    const unknownId = randomUUID();
    const contactIds = [ids.alan!, ids.adaZoho!, ids.bob!, unknownId];

    const { agent, contacts } = await api.createAgent({
      ...agentFields(),
      contacts: { contactIds, filter: { q: 'ada' }, excludeIds: [ids.adaZoho!, ids.ada!] },
    });

    // Alan picked; Ada Byron picked although excluded from the filter; Ada Lovelace excluded;
    // Grace (filter) and Bob (picked) have no number; the unknown id is not found.
    expect(crmIdsOf(await snapshotOf(agent.id))).toEqual([ids.alan, ids.adaZoho].sort());
    expect(contacts).toEqual({ added: 2, skipped: { notCallable: 2, notFound: 1 } });
  });

  it('never takes another user\'s contacts, whatever the filter matches', async () => {
    const { agent } = await api.createAgent({ ...agentFields(), contacts: { filter: { q: 'stranger' } } });

    expect(agent.contactCount).toBe(0);
  });

  it('refuses a filter matching more callable contacts than an agent may hold, and leaves no agent behind', async () => {
    const service = createAgentsService({ pool: product.pool, maxContacts: 3, contacts: createContactsService({ pool: product.pool }) });
    const user = { id: owner.id, claims: { sub: owner.id, role: 'authenticated' as const } };
    const before = await product.pool.query('select count(*)::int as n from public.agents where user_id = $1', [owner.id]);

    const attempt = service.createAgent(user, { ...agentFields('Too many'), contacts: { filter: {} } });

    await expect(attempt).rejects.toThrow(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'validation_failed', details: { issues: [{ field: 'contacts.filter' }] } });
    const after = await product.pool.query('select count(*)::int as n from public.agents where user_id = $1', [owner.id]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    // Exactly the limit is fine.
    const fits = await service.createAgent(user, { ...agentFields('Just enough'), contacts: { filter: { platform: ['hubspot'] } } });
    expect(fits.contacts.added).toBe(2);
  });
});

describe('the snapshot', () => {
  it('keeps the contacts as they were selected when the synced copies change or are deleted', async () => {
    const [kept, edited, softDeleted, hardDeleted] = await insertContacts(product.pool, owner.id, [
      { firstName: 'Kept', lastName: 'As Is', phoneE164: '+14155550301' },
      { firstName: 'Edna', lastName: 'Edited', email: 'edna@before.example', company: 'Before Inc', phoneE164: '+14155550302' },
      { platform: 'zoho', firstName: 'Sofia', lastName: 'Soft', phoneE164: '+14155550303' },
      { platform: 'zoho', firstName: 'Hal', lastName: 'Hard', phoneE164: '+14155550304' },
    ]);
    const { agent } = await api.createAgent({ ...agentFields(), contacts: { contactIds: [kept!, edited!, softDeleted!, hardDeleted!] } });

    await product.pool.query(
      `update public.crm_contacts set first_name = 'Changed', email = 'edna@after.example', company = 'After Inc', phone_e164 = null where id = $1`,
      [edited],
    );
    await product.pool.query(`update public.crm_contacts set deleted_at = now() where id = $1`, [softDeleted]);
    await product.pool.query(`delete from public.crm_contacts where id = $1`, [hardDeleted]);

    const snapshot = await snapshotOf(agent.id);
    expect(snapshot.map((c) => [c.fullName, c.email, c.company, c.phoneE164, c.crmContactId])).toEqual([
      ['Kept As Is', null, null, '+14155550301', kept],
      ['Edna Edited', 'edna@before.example', 'Before Inc', '+14155550302', edited],
      // Deleted from the CRM copy: still called, only the link is gone.
      ['Hal Hard', null, null, '+14155550304', null],
      ['Sofia Soft', null, null, '+14155550303', softDeleted],
    ]);
    const detail = await api.get(`/agents/${agent.id}`);
    expect(detail.body).toMatchObject({ contactCount: 4, contactCounts: { byPlatform: { hubspot: 2, zoho: 2, salesforce: 0 }, total: 4 } });
  });
});
