import { afterEach, describe, expect, it } from 'vitest';
import type { CrmField } from '../../src/crm/crm-service';
import { HUBSPOT_CONTACT_PROPERTIES } from '../../src/crm/providers/hubspot/hubspot-mapping';
import { createTestSession, rejectionOf } from './providers/provider-test-support';
import { startHubSpotHarness, type HubSpotHarness } from './providers/hubspot-test-support';
import { runSync } from './providers/sync-run';

let harness: HubSpotHarness | null = null;

afterEach(async () => {
  await harness?.sandbox.close();
  harness = null;
});

const START = Date.UTC(2026, 2, 1, 12);
const MAPPED = ['renewal_date', 'plan', 'seats', 'do_not_call', 'last_purchase_at', 'interests', 'account_notes', 'hs_timezone', 'email'];

async function startAt(contactCount: number): Promise<{ h: HubSpotHarness; advance(ms: number): void }> {
  let clock = START;
  harness = await startHubSpotHarness({ contactCount, now: () => clock });
  return { h: harness, advance: (ms) => void (clock += ms) };
}

/** The sandbox's own answer for some contacts' properties, read directly. */
async function readProperties(h: HubSpotHarness, ids: string[], names: string[]): Promise<Map<string, Record<string, string | null>>> {
  const token = h.sandbox.admin.mintToken(h.sandbox.portalId).access_token;
  const response = await fetch(new URL('/crm/v3/objects/contacts/batch/read', h.sandbox.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: ids.map((id) => ({ id })), properties: names }),
  });
  const body = (await response.json()) as { results: { id: string; properties: Record<string, string | null> }[] };
  return new Map(body.results.map((result) => [result.id, result.properties]));
}

function byName(fields: CrmField[]): Map<string, CrmField> {
  return new Map(fields.map((field) => [field.name, field]));
}

describe('HubSpotService.listFields', () => {
  it("returns HubSpot's standard and the portal's custom contact fields with our types and options", async () => {
    const { h } = await startAt(10);
    const fields = byName(await h.createService().listFields(h.session));

    const summary = (name: string) => {
      const field = fields.get(name)!;
      return { type: field.type, custom: field.custom, readOnly: field.readOnly, calculated: field.calculated };
    };
    expect(summary('email')).toEqual({ type: 'email', custom: false, readOnly: false, calculated: false });
    expect(summary('phone')).toEqual({ type: 'phone', custom: false, readOnly: false, calculated: false });
    expect(summary('hs_object_id')).toEqual({ type: 'number', custom: false, readOnly: true, calculated: false });
    expect(summary('createdate')).toEqual({ type: 'datetime', custom: false, readOnly: true, calculated: false });
    expect(summary('renewal_date')).toEqual({ type: 'date', custom: true, readOnly: false, calculated: false });
    expect(summary('seats')).toEqual({ type: 'number', custom: true, readOnly: false, calculated: false });
    expect(summary('do_not_call')).toEqual({ type: 'boolean', custom: true, readOnly: false, calculated: false });
    expect(summary('last_purchase_at')).toEqual({ type: 'datetime', custom: true, readOnly: false, calculated: false });
    expect(summary('interests')).toEqual({ type: 'multi_select', custom: true, readOnly: false, calculated: false });
    expect(summary('account_notes')).toEqual({ type: 'string', custom: true, readOnly: false, calculated: false });
    expect(summary('backup_phone')).toEqual({ type: 'phone', custom: true, readOnly: false, calculated: false });
    expect(summary('billing_email')).toEqual({ type: 'email', custom: true, readOnly: false, calculated: false });
    expect(summary('health_score')).toEqual({ type: 'number', custom: true, readOnly: true, calculated: true });
    expect(summary('erp_customer_id')).toEqual({ type: 'string', custom: true, readOnly: true, calculated: false });

    expect(fields.get('plan')).toEqual({
      objectType: 'contact',
      name: 'plan',
      label: 'Plan',
      type: 'enumeration',
      options: [
        { value: 'starter', label: 'Starter' },
        { value: 'pro', label: 'Pro' },
        { value: 'enterprise', label: 'Enterprise' },
      ],
      custom: true,
      readOnly: false,
      calculated: false,
    });
    // The sandbox's hidden option (retired in HubSpot's UI) is left out.
    expect(fields.get('interests')!.options.map((option) => option.value)).toEqual(['voice_ai', 'analytics', 'integrations', 'support']);
    expect(fields.get('do_not_call')!.options).toEqual([]);
    expect(fields.get('hs_timezone')).toMatchObject({ type: 'enumeration', custom: false });
    expect(fields.get('hs_timezone')!.options).toContainEqual({ value: 'america_slash_new_york', label: '(GMT-05:00) America/New York' });
  });

  it('names a field for each of its standard-field defaults', async () => {
    const { h } = await startAt(1);
    const service = h.createService();
    const names = new Set((await service.listFields(h.session)).map((field) => field.name));
    expect(service.standardFieldDefaults.map((entry) => [entry.field, entry.target])).toEqual([
      ['hs_timezone', 'timeZone'],
      ['hs_language', 'preferredLanguage'],
      ['hubspot_owner_id', 'accountOwner'],
    ]);
    for (const entry of service.standardFieldDefaults) expect(names.has(entry.field)).toBe(true);
  });

  it('shows a field created in HubSpot and drops one deleted there, in one request each', async () => {
    const { h } = await startAt(1);
    const { admin, portalId } = h.sandbox;
    const service = h.createService();
    admin.createContactField(portalId, { name: 'contract_tier', label: 'Contract tier', type: 'enumeration', options: [{ value: 'gold', label: 'Gold' }] });
    admin.deleteContactField(portalId, 'preferred_call_time');
    admin.updateContactField(portalId, 'seats', { label: 'Licensed seats' });

    const fields = byName(await service.listFields(h.session));
    expect(fields.get('contract_tier')).toEqual({
      objectType: 'contact',
      name: 'contract_tier',
      label: 'Contract tier',
      type: 'enumeration',
      options: [{ value: 'gold', label: 'Gold' }],
      custom: true,
      readOnly: false,
      calculated: false,
    });
    expect(fields.has('preferred_call_time')).toBe(false);
    expect(fields.get('seats')!.label).toBe('Licensed seats');
    expect(admin.counters().requests['GET /crm/v3/properties/contacts']).toBe(1);
  });

  it('fails with provider_rejected naming the missing scope for a connection made without it', async () => {
    const { h } = await startAt(1);
    const token = h.sandbox.admin.mintToken(h.sandbox.portalId, { scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'] }).access_token;
    const session = createTestSession(h.session.connection, token, async () => ({ accessToken: token }));
    const error = await rejectionOf(h.createService().listFields(session));
    expect(error.code).toBe('provider_rejected');
    expect(error.message).toContain('crm.schemas.contacts.read');
    expect(error.details).toMatchObject({ status: 403, reason: 'missing_scope' });
  });
});

describe('HubSpotService.fetchContactsPage with mapped fields', () => {
  it('returns the mapped values in rawProperties exactly as HubSpot sent them, in as many requests as without', async () => {
    const { h } = await startAt(250);
    const service = h.createService();
    const run = await runSync((request) => service.fetchContactsPage(h.session, request), { kind: 'full', since: null, fields: { contact: MAPPED, lead: [] } });

    expect(run.contacts).toHaveLength(250);
    const expected = await readProperties(h, ['1', '2', '3', '50', '199'], MAPPED);
    for (const [id, properties] of expected) {
      const raw = run.contacts.find((contact) => contact.externalId === id)!.rawProperties;
      for (const name of MAPPED) expect(raw[name], `${id}.${name}`).toBe(properties[name]);
    }
    const values = (name: string) => run.contacts.map((contact) => contact.rawProperties[name]);
    expect(values('seats').some((value) => typeof value === 'string' && /^\d+$/.test(value))).toBe(true);
    expect(values('plan').some((value) => value === null)).toBe(true);
    // The sandbox returns exactly what was asked for: the standard properties plus the mapped ones.
    expect(new Set(Object.keys(run.contacts[0]!.rawProperties))).toEqual(new Set([...HUBSPOT_CONTACT_PROPERTIES, 'hs_object_id', ...MAPPED]));
    // Three list pages plus the one count search, as a sync without mapped fields makes.
    expect(run.pages).toBe(3);
    const counters = h.sandbox.admin.counters().requests;
    expect(counters['GET /crm/v3/objects/contacts']).toBe(3);
    expect(counters['POST /crm/v3/objects/contacts/search']).toBe(1);
  });

  it('asks for nothing beyond the standard properties when no fields are mapped', async () => {
    const { h } = await startAt(5);
    const service = h.createService();
    const run = await runSync((request) => service.fetchContactsPage(h.session, request), { kind: 'full', since: null });
    expect(Object.keys(run.contacts[0]!.rawProperties)).not.toContain('plan');
  });

  it('picks up a custom value changed in HubSpot on the next incremental page, with the new value', async () => {
    const { h, advance } = await startAt(300);
    const { admin, portalId } = h.sandbox;
    const since = new Date(START);
    advance(60_000);
    admin.modifyContacts(portalId, { ids: ['42'], properties: { plan: 'enterprise', seats: '77', interests: 'support;analytics' } });
    advance(1_000);

    const service = h.createService();
    const run = await runSync((request) => service.fetchContactsPage(h.session, request), { kind: 'incremental', since, deletionsSince: null, fields: { contact: MAPPED, lead: [] } });

    expect(run.contacts.map((contact) => contact.externalId)).toEqual(['42']);
    expect(run.contacts[0]!.rawProperties).toMatchObject({ plan: 'enterprise', seats: '77', interests: 'support;analytics' });
    expect(run.contacts[0]!.crmUpdatedAt).toEqual(new Date(START + 60_000));
  });
});
