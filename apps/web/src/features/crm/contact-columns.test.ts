import type { TContact, TFieldMappingsResponse } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { buildCustomColumns, COLUMNS_STORAGE_KEY, readColumnChoice, resolveValueColumns, STANDARD_COLUMNS, writeColumnChoice } from './contact-columns';

const mappings = (platform: TFieldMappingsResponse['platform'], items: Array<{ key: string; label: string; type: 'string' | 'enumeration' | 'date'; options?: Array<{ value: string; label: string }> }>): TFieldMappingsResponse => ({
  platform,
  savedAt: null,
  backfill: null,
  mappings: items.map((item) => ({
    objectType: 'contact',
    field: item.key,
    target: { kind: 'custom', key: item.key },
    label: item.label,
    type: item.type,
    options: item.options ?? [],
    status: 'ok',
    invalidValues: 0,
  })),
});

const contact = (platform: TContact['platform'], customFields: TContact['customFields']): TContact =>
  ({
    platform,
    objectType: 'contact',
    customFields,
    standardFields: { timeZone: 'Europe/Paris', preferredLanguage: null, doNotCall: true, callConsent: null, preferredCallTime: null, accountOwner: null },
  }) as TContact;

describe('the contacts list columns', () => {
  it('offers one column per mapped key across CRMs, each contact formatted by its own CRM\'s field', () => {
    const columns = buildCustomColumns([
      mappings('hubspot', [{ key: 'plan', label: 'Plan', type: 'enumeration', options: [{ value: 'pro', label: 'Pro' }] }, { key: 'renewal', label: 'Renewal date', type: 'date' }]),
      mappings('zoho', [{ key: 'plan', label: 'Subscription', type: 'string' }]),
    ]);
    expect(columns.map((c) => [c.id, c.label, c.description])).toEqual([
      ['custom:plan', 'Plan', 'HubSpot, Zoho CRM'],
      ['custom:renewal', 'Renewal date', 'HubSpot'],
    ]);
    const plan = columns[0]!;
    expect(plan.read?.(contact('hubspot', { plan: 'pro' }))).toBe('Pro');
    expect(plan.read?.(contact('zoho', { plan: 'pro' }))).toBe('pro');
    expect(plan.read?.(contact('zoho', {}))).toBeNull();
    expect(columns[1]!.read?.(contact('hubspot', { renewal: '2026-07-04' }), { locale: 'en-GB' })).toBe('4 Jul 2026');
  });

  it('shows standard VoiceAgent fields, booleans as Yes/No', () => {
    const byId = new Map(STANDARD_COLUMNS.map((c) => [c.id, c]));
    const person = contact('hubspot', {});
    expect(byId.get('standard:timeZone')?.read?.(person)).toBe('Europe/Paris');
    expect(byId.get('standard:doNotCall')?.read?.(person)).toBe('Yes');
    expect(byId.get('standard:callConsent')?.read?.(person)).toBeNull();
  });

  it('keeps a chosen column whose field is no longer mapped chosen, without showing it', () => {
    const available = [...STANDARD_COLUMNS, ...buildCustomColumns([mappings('hubspot', [{ key: 'plan', label: 'Plan', type: 'string' }])])];
    expect(resolveValueColumns(['reach', 'custom:gone', 'custom:plan', 'standard:timeZone'], available).map((c) => c.id)).toEqual(['standard:timeZone', 'custom:plan']);
  });

  it('remembers the choice in storage, and falls back to the default on anything unreadable', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(readColumnChoice(storage)).toEqual(['details', 'reach']);
    writeColumnChoice(storage, ['reach', 'custom:plan']);
    expect(readColumnChoice(storage)).toEqual(['reach', 'custom:plan']);
    store.set(COLUMNS_STORAGE_KEY, '{not json');
    expect(readColumnChoice(storage)).toEqual(['details', 'reach']);
    store.set(COLUMNS_STORAGE_KEY, '[1,2]');
    expect(readColumnChoice(storage)).toEqual(['details', 'reach']);
  });
});
