import {
  ZCampaignContactContext,
  ZPromptVariablesResponse,
  ZRenderedPrompt,
  type TAgentDetail,
  type TCampaignContactContext,
  type TCampaignDetail,
  type TCreateCampaignResponse,
  type TPromptVariablesResponse,
  type TRenderedPrompt,
} from '@voiceagent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContacts, insertMappings } from '../crm/contacts/contact-fixtures';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';
import { agentFields, createAgentsApi, type AgentsApi, type ApiResponse } from './agent-api';

/**
 * Agent prompts with variables (issue 15): refused on save when a variable is unknown, offered to
 * the editor, previewed for a contact, and rendered for the calling service per campaign contact.
 * Contacts and mappings are seeded through SQL, as a sync with a saved mapping leaves them.
 */
const API_KEY = 'svc-key-prompts-0123456789abcdef0123456789';

let product: TestProduct;
let alice: TestUser;
let bob: TestUser;
let api: AgentsApi;
let bobApi: AgentsApi;
let adaId: string;
let graceId: string;
let bobContactId: string;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', SERVICE_API_KEYS: API_KEY });
  [alice, bob] = [await signUpTestUser(product), await signUpTestUser(product)];
  api = createAgentsApi(product.url, alice.authorization);
  bobApi = createAgentsApi(product.url, bob.authorization);
  [adaId, graceId] = await insertContacts(product.pool, alice.id, [
    { platform: 'hubspot', firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', phoneE164: '+442071234567' },
    { platform: 'zoho', firstName: 'Grace', lastName: null, company: null, phoneE164: '+12025550123' },
  ]) as [string, string];
  [bobContactId] = (await insertContacts(product.pool, bob.id, [{ firstName: 'Bob', phoneE164: '+12025550199' }])) as [string];
  await insertMappings(product.pool, alice.id, [
    { platform: 'hubspot', field: 'renewal_date', key: 'renewal_date', label: 'Renewal date', type: 'date' },
    { platform: 'hubspot', field: 'plan', key: 'plan', label: 'Plan', type: 'enumeration', options: [{ value: 'gold', label: 'Gold plan' }] },
    { platform: 'hubspot', field: 'add_ons', key: 'add_ons', label: 'Add-ons', type: 'multi_select', options: [{ value: 'sms', label: 'SMS' }, { value: 'crm', label: 'CRM sync' }] },
    { platform: 'zoho', field: 'Plan_Name', key: 'plan', label: 'Plan name', type: 'enumeration', options: [{ value: 'gold', label: 'Gold' }] },
    { platform: 'zoho', field: 'Seats', key: 'seats', label: 'Seats', type: 'number' },
  ]);
  await insertMappings(product.pool, bob.id, [{ platform: 'hubspot', field: 'secret', key: 'bobs_key', label: 'Bob’s key', type: 'string' }]);
  // Ada has every value; Grace (Zoho) has none of hers: the prompts fall back to their defaults.
  await product.pool.query(
    `update public.crm_contacts set custom_fields = $2, time_zone = 'Europe/London', preferred_language = 'en-GB', do_not_call = false,
       call_consent = true, account_owner = 'Charles Babbage' where id = $1`,
    [adaId, JSON.stringify({ renewal_date: '2026-03-01', plan: 'gold', add_ons: ['sms', 'crm'] })],
  );
});
afterAll(async () => {
  await product?.close();
});

function expectPromptIssue(response: ApiResponse, field: string, variable: string | undefined, message: RegExp) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  const error = (response.body as { error: { code: string; message: string; details: { issues: Array<{ field: string; variable?: string; message: string }> } } }).error;
  expect(error.code).toBe('validation_failed');
  expect(error.details.issues).toHaveLength(1);
  expect(error.details.issues[0]).toMatchObject({ field, ...(variable ? { variable } : {}) });
  expect(error.details.issues[0]!.message).toMatch(message);
  expect(error.message).toContain(field);
}

const agentCount = async (userId: string) => (await product.pool.query('select count(*)::int as n from public.agents where user_id = $1', [userId])).rows[0].n as number;

describe('saving an agent checks its prompt variables', () => {
  it('creates an agent whose greeting and instructions use contact variables and mapped keys of any connection', async () => {
    const greeting = 'Hi {{contact.first_name | "there"}}, this is Sage from Acme.';
    const instructions = 'Their {{ custom.plan }} plan renews on {{custom.renewal_date | "its renewal date"}}; they have {{custom.seats}} seats.';
    const { agent } = await api.createAgent({ ...agentFields(), greeting, instructions, contacts: { contactIds: [adaId] } });
    expect(agent).toMatchObject({ greeting, instructions });
  });

  it.each([
    ['greeting', { greeting: 'Hi {{custom.tier}}' }, 'custom.tier', /no CRM field is mapped to the custom key tier/],
    ['instructions', { instructions: 'Mention {{contact.nickname}}.' }, 'contact.nickname', /not a contact field/],
    ['greeting', { greeting: 'Hi {{ user.name }}' }, 'user.name', /Unknown namespace user/],
    ['instructions', { instructions: 'Ask about {{custom.plan' }, undefined, /Unclosed/],
    ['greeting', { greeting: 'Hi {{custom.bobs_key}}' }, 'custom.bobs_key', /no CRM field is mapped/],
  ] as const)('refuses on create a wrong variable in the %s, naming it, and creates nothing', async (field, texts, variable, message) => {
    const before = await agentCount(alice.id);
    expectPromptIssue(await api.post('/agents', { ...agentFields(), ...texts, contacts: { contactIds: [adaId] } }), field, variable, message);
    expect(await agentCount(alice.id)).toBe(before);
  });

  it('refuses on update a wrong variable in the field sent, and keeps the agent as it was; a known one saves', async () => {
    const { agent } = await api.createAgent({ ...agentFields(), contacts: { contactIds: [adaId] } });
    expectPromptIssue(await api.patch(`/agents/${agent.id}`, { instructions: 'Offer {{custom.discount}}' }), 'instructions', 'custom.discount', /discount/);
    expect(((await api.get(`/agents/${agent.id}`)).body as TAgentDetail).instructions).toBe(agent.instructions);

    const saved = await api.patch(`/agents/${agent.id}`, { greeting: 'Hello {{contact.full_name}}' });
    expect(saved.status).toBe(200);
    expect((saved.body as TAgentDetail).greeting).toBe('Hello {{contact.full_name}}');
  });

  it('leaves agents without variables as they were: a name-only edit passes whatever the greeting holds', async () => {
    const { agent } = await api.createAgent({ ...agentFields(), contacts: { contactIds: [adaId] } });
    // An older agent whose greeting predates variables and happens to hold braces.
    await product.pool.query(`update public.agents set greeting = 'Hi {{ there' where id = $1`, [agent.id]);
    const renamed = await api.patch(`/agents/${agent.id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', greeting: 'Hi {{ there' });
  });
});

describe('GET /api/v1/agents/prompt-variables', () => {
  it('lists the contact variables, then each mapped custom key once with the connections that map it', async () => {
    const res = await api.get('/agents/prompt-variables');
    expect(res.status).toBe(200);
    // The contract reads the body whole, nothing undeclared.
    expect(ZPromptVariablesResponse.parse(res.body)).toEqual(res.body);
    const { variables } = res.body as TPromptVariablesResponse;
    const contact = variables.filter((variable) => variable.source === 'contact');
    expect(contact.map((variable) => variable.name)).toContain('contact.first_name');
    expect(contact.find((variable) => variable.name === 'contact.do_not_call')).toEqual({
      name: 'contact.do_not_call',
      label: 'Do not call',
      type: 'boolean',
      source: 'contact',
      platforms: ['hubspot', 'zoho', 'salesforce'],
    });
    expect(variables.filter((variable) => variable.source === 'custom')).toEqual([
      { name: 'custom.add_ons', label: 'Add-ons', type: 'multi_select', source: 'custom', platforms: ['hubspot'] },
      { name: 'custom.plan', label: 'Plan', type: 'enumeration', source: 'custom', platforms: ['hubspot', 'zoho'] },
      { name: 'custom.renewal_date', label: 'Renewal date', type: 'date', source: 'custom', platforms: ['hubspot'] },
      { name: 'custom.seats', label: 'Seats', type: 'number', source: 'custom', platforms: ['zoho'] },
    ]);
  });

  it('shows each user only their own keys', async () => {
    const { variables } = (await bobApi.get('/agents/prompt-variables')).body as TPromptVariablesResponse;
    expect(variables.filter((variable) => variable.source === 'custom').map((variable) => variable.name)).toEqual(['custom.bobs_key']);
  });
});

describe('POST /api/v1/agents/prompt-preview', () => {
  const greeting = 'Hi {{contact.first_name | "there"}} from {{contact.company | "your company"}}!';
  const instructions =
    'Plan: {{custom.plan | "your plan"}}. Renews {{custom.renewal_date | "soon"}}. Add-ons: {{custom.add_ons | "none"}}. ' +
    'Zone {{contact.time_zone | "unknown"}}, do not call: {{contact.do_not_call}}, owner {{contact.account_owner | "your account manager"}}. ' +
    'Seats {{custom.seats | "some"}}. CRM {{contact.platform}}.';

  it('renders a contact’s custom and standard values, enumerations by label', async () => {
    const res = await api.post('/agents/prompt-preview', { greeting, instructions, contactId: adaId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(ZRenderedPrompt.parse(res.body)).toEqual(res.body);
    expect(res.body).toEqual({
      greeting: 'Hi Ada from Analytical Engines!',
      instructions:
        'Plan: Gold plan. Renews 2026-03-01. Add-ons: SMS, CRM sync. Zone Europe/London, do not call: no, owner Charles Babbage. Seats some. CRM HubSpot.',
      // Seats are mapped on Zoho only: a HubSpot contact has none.
      missing: ['custom.seats'],
    } satisfies TRenderedPrompt);
  });

  it('uses the defaults for a contact with missing values, and nothing where there is no default', async () => {
    const res = await api.post('/agents/prompt-preview', { greeting, instructions, contactId: graceId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      greeting: 'Hi Grace from your company!',
      instructions: 'Plan: your plan. Renews soon. Add-ons: none. Zone unknown, do not call: , owner your account manager. Seats some. CRM Zoho.',
      missing: [
        'contact.company',
        'custom.plan',
        'custom.renewal_date',
        'custom.add_ons',
        'contact.time_zone',
        'contact.do_not_call',
        'contact.account_owner',
        'custom.seats',
      ],
    } satisfies TRenderedPrompt);
  });

  it('checks the texts as a save does, naming the field and the variable', async () => {
    expectPromptIssue(await api.post('/agents/prompt-preview', { greeting: 'Hi', instructions: '{{custom.tier}}', contactId: adaId }), 'instructions', 'custom.tier', /tier/);
  });

  it('answers 404 for another user’s contact or an unknown one, and 400 without a contact', async () => {
    for (const contactId of [bobContactId, crypto.randomUUID()]) {
      const res = await api.post('/agents/prompt-preview', { greeting: 'Hi {{contact.first_name}}', contactId });
      expect(res.status).toBe(404);
      expect((res.body as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await api.post('/agents/prompt-preview', { greeting: 'Hi' })).status).toBe(400);
  });
});

describe('GET /api/v1/campaigns/:id/contacts/:contactId/context', () => {
  let campaignId: string;
  let contactOf: Map<string, string>;

  beforeAll(async () => {
    const { agent } = await api.createAgent({
      ...agentFields(),
      greeting: 'Hello {{contact.first_name | "there"}}, calling about your {{custom.plan | "subscription"}}.',
      instructions: 'Renewal on {{custom.renewal_date | "the usual date"}}; never call if {{contact.do_not_call | "unknown"}} is yes.',
      contacts: { contactIds: [adaId, graceId] },
    });
    const created = await api.post('/campaigns', { agentId: agent.id, name: 'Renewals' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    campaignId = (created.body as TCreateCampaignResponse).campaign.id;
    const detail = (await api.get(`/campaigns/${campaignId}`)).body as TCampaignDetail;
    contactOf = new Map(detail.contacts.items.map((item) => [item.crmContactId!, item.id]));
  });

  it('returns the contact’s fields and the agent’s prompts rendered for it, by the campaign contact’s id', async () => {
    const res = await api.get(`/campaigns/${campaignId}/contacts/${contactOf.get(adaId)}/context`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(ZCampaignContactContext.parse(res.body)).toEqual(res.body);
    const context = res.body as TCampaignContactContext;
    expect(context).toMatchObject({
      greeting: 'Hello Ada, calling about your Gold plan.',
      instructions: 'Renewal on 2026-03-01; never call if no is yes.',
      missing: [],
      contact: {
        id: adaId,
        campaignContactId: contactOf.get(adaId),
        platform: 'hubspot',
        objectType: 'contact',
        fields: { first_name: 'Ada', full_name: 'Ada Lovelace', phone: '+442071234567', do_not_call: false, time_zone: 'Europe/London', platform: 'hubspot' },
        standardFields: { timeZone: 'Europe/London', preferredLanguage: 'en-GB', doNotCall: false, callConsent: true, preferredCallTime: null, accountOwner: 'Charles Babbage' },
      },
    });
    expect(context.contact.customFields).toEqual([
      { key: 'add_ons', label: 'Add-ons', type: 'multi_select', value: ['sms', 'crm'], display: 'SMS, CRM sync' },
      { key: 'plan', label: 'Plan', type: 'enumeration', value: 'gold', display: 'Gold plan' },
      { key: 'renewal_date', label: 'Renewal date', type: 'date', value: '2026-03-01', display: '2026-03-01' },
    ]);
  });

  it('answers the calling service’s token acting for the user, with defaults for a contact without values', async () => {
    const res = await fetch(`${product.url}/api/v1/campaigns/${campaignId}/contacts/${contactOf.get(graceId)}/context`, {
      headers: { authorization: `Bearer ${API_KEY}`, 'X-VoiceAgent-User-Id': alice.id },
    });
    expect(res.status).toBe(200);
    const context = (await res.json()) as TCampaignContactContext;
    expect(context.greeting).toBe('Hello Grace, calling about your subscription.');
    expect(context.instructions).toBe('Renewal on the usual date; never call if unknown is yes.');
    expect(context.contact.customFields).toEqual([
      { key: 'plan', label: 'Plan name', type: 'enumeration', value: null, display: null },
      { key: 'seats', label: 'Seats', type: 'number', value: null, display: null },
    ]);
  });

  it('answers 404 to another user, even with the right ids, and for a contact of no such campaign', async () => {
    const url = `/campaigns/${campaignId}/contacts/${contactOf.get(adaId)}/context`;
    const asBob = await bobApi.get(url);
    expect(asBob.status).toBe(404);
    expect((asBob.body as { error: { code: string } }).error.code).toBe('not_found');
    const asBobService = await fetch(`${product.url}/api/v1${url}`, { headers: { authorization: `Bearer ${API_KEY}`, 'X-VoiceAgent-User-Id': bob.id } });
    expect(asBobService.status).toBe(404);
    expect((await api.get(`/campaigns/${crypto.randomUUID()}/contacts/${contactOf.get(adaId)}/context`)).status).toBe(404);
    // The synced contact's id is not the campaign contact's.
    expect((await api.get(`/campaigns/${campaignId}/contacts/${adaId}/context`)).status).toBe(404);
  });

  it('falls back to the campaign’s snapshot once the synced contact is gone', async () => {
    await product.pool.query('delete from public.crm_contacts where id = $1', [graceId]);
    const res = await api.get(`/campaigns/${campaignId}/contacts/${contactOf.get(graceId)}/context`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const context = res.body as TCampaignContactContext;
    expect(context.contact).toMatchObject({ id: null, platform: 'zoho', fields: { full_name: 'Grace', first_name: null, phone: '+12025550123' } });
    expect(context.greeting).toBe('Hello there, calling about your subscription.');
  });
});
