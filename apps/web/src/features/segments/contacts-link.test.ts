import { ZContactListQuery } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { toContactsHref, toContactsSearch } from './contacts-link';

describe('toContactsSearch', () => {
  it('writes a segment\'s filter as GET /crm/contacts\'s own parameters, which the list\'s schema reads back whole', () => {
    const where = { and: [{ field: 'company', operator: 'eq' as const, value: 'Acme & Co' }, { not: { field: 'email', operator: 'is_empty' as const } }] };
    const search = toContactsSearch({ platform: ['hubspot', 'zoho'], q: 'ada', callable: true, objectType: 'lead', where });

    const parsed = ZContactListQuery.parse(Object.fromEntries(new URLSearchParams(search)));

    expect(parsed).toMatchObject({ platform: ['hubspot', 'zoho'], q: 'ada', callable: true, objectType: 'lead', where });
  });

  it('leaves out what the filter does not set, and links to the bare screen for an empty filter', () => {
    expect(toContactsSearch({ callable: false })).toBe('callable=false');
    expect(toContactsHref({})).toBe('/crm');
    expect(toContactsHref({ platform: 'zoho' })).toBe('/crm?platform=zoho');
  });
});
