import { describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/errors';
import { compileFilterGroups, rangeOf, type ContactView, type SearchFilter } from '../../src/hubspot/search-filters';

function contact(id: number, text: Record<string, string | null>, updatedAt = 1000, createdAt = 500): ContactView {
  return { id, createdAt, updatedAt, text: (name) => text[name] ?? null };
}

const ana = contact(1, { firstname: 'Ana', email: 'ana.lopez@example.es', phone: '+34 91 123 45 67', company: 'Acme Ibérica' }, 2000);
const ben = contact(2, { firstname: 'Ben', email: null, phone: null, company: 'Beta GmbH' }, 3000);
const cleo = contact(3, { firstname: 'Cléo', email: 'cleo@example.fr', phone: '01 23 45 67 89', company: null }, 4000);
const everyone = [ana, ben, cleo];

function matching(filters: SearchFilter[][], query: string | null = null): number[] {
  const { test } = compileFilterGroups(filters, query);
  return everyone.filter((view) => test(view)).map((view) => view.id);
}

describe('search filter semantics', () => {
  it('compares text case-insensitively and treats missing values as unequal', () => {
    expect(matching([[{ propertyName: 'firstname', operator: 'EQ', value: 'ANA' }]])).toEqual([1]);
    expect(matching([[{ propertyName: 'email', operator: 'NEQ', value: 'ana.lopez@example.es' }]])).toEqual([2, 3]);
    expect(matching([[{ propertyName: 'firstname', operator: 'IN', values: ['ben', 'cléo'] }]])).toEqual([2, 3]);
    expect(matching([[{ propertyName: 'company', operator: 'NOT_IN', values: ['beta gmbh'] }]])).toEqual([1, 3]);
  });

  it('compares dates numerically, from epoch milliseconds or ISO 8601', () => {
    expect(matching([[{ propertyName: 'hs_lastmodifieddate', operator: 'BETWEEN', value: '2000', highValue: '3000' }]])).toEqual([1, 2]);
    expect(matching([[{ propertyName: 'lastmodifieddate', operator: 'GT', value: new Date(3000).toISOString() }]])).toEqual([3]);
    expect(matching([[{ propertyName: 'hs_object_id', operator: 'LTE', value: '2' }]])).toEqual([1, 2]);
  });

  it('matches whole tokens, or wildcard patterns, with CONTAINS_TOKEN', () => {
    expect(matching([[{ propertyName: 'phone', operator: 'CONTAINS_TOKEN', value: '45' }]])).toEqual([1, 3]);
    expect(matching([[{ propertyName: 'phone', operator: 'CONTAINS_TOKEN', value: '4' }]])).toEqual([]);
    expect(matching([[{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@example.fr' }]])).toEqual([3]);
    expect(matching([[{ propertyName: 'company', operator: 'NOT_CONTAINS_TOKEN', value: 'acme' }]])).toEqual([2, 3]);
  });

  it('ANDs filters within a group, ORs groups, and applies the free-text query to both', () => {
    const groups: SearchFilter[][] = [
      [
        { propertyName: 'phone', operator: 'HAS_PROPERTY' },
        { propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*.es' },
      ],
      [{ propertyName: 'email', operator: 'NOT_HAS_PROPERTY' }],
    ];
    expect(matching(groups)).toEqual([1, 2]);
    expect(matching(groups, 'beta')).toEqual([2]);
    expect(matching([], 'example')).toEqual([1, 3]);
  });

  it('refuses unknown properties and missing values with HubSpot\'s VALIDATION_ERROR', () => {
    const refuse = (filter: SearchFilter) => {
      try {
        compileFilterGroups([[filter]], null);
      } catch (error) {
        return error instanceof HubSpotError ? error.body.category : error;
      }
      return 'accepted';
    };
    expect(refuse({ propertyName: 'favourite_colour', operator: 'EQ', value: 'x' })).toBe('VALIDATION_ERROR');
    expect(refuse({ propertyName: 'email', operator: 'GT' })).toBe('VALIDATION_ERROR');
    expect(refuse({ propertyName: 'createdate', operator: 'LT', value: 'soon' })).toBe('VALIDATION_ERROR');
    expect(refuse({ propertyName: 'email', operator: 'IN' })).toBe('VALIDATION_ERROR');
  });
});

describe('rangeOf', () => {
  it('is exact for one group of range filters on the sort key, honouring open and closed ends', () => {
    expect(
      rangeOf(
        [
          [
            { propertyName: 'hs_lastmodifieddate', operator: 'GT', value: '10' },
            { propertyName: 'lastmodifieddate', operator: 'LTE', value: '20' },
          ],
        ],
        'lastmodifieddate',
        false,
      ),
    ).toEqual({ low: 10, lowInclusive: false, high: 20, highInclusive: true, exact: true });
  });

  it('is a superset, not exact, when other properties, more groups or a query are involved', () => {
    const onKey: SearchFilter = { propertyName: 'createdate', operator: 'GTE', value: '5' };
    expect(rangeOf([[onKey, { propertyName: 'email', operator: 'HAS_PROPERTY' }]], 'createdate', false)).toMatchObject({ low: 5, exact: false });
    expect(rangeOf([[onKey], [{ propertyName: 'createdate', operator: 'LT', value: '3' }]], 'createdate', false)).toEqual({
      low: -Infinity,
      lowInclusive: true,
      high: Infinity,
      highInclusive: true,
      exact: false,
    });
    expect(rangeOf([[onKey]], 'createdate', true).exact).toBe(false);
    expect(rangeOf([], 'createdate', false).exact).toBe(true);
  });
});
