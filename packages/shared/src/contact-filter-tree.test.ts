import { describe, expect, it } from 'vitest';
import { ZFilterNode } from './contact-filter-tree';

describe('the filter tree schema', () => {
  it('reads nested groups and conditions', () => {
    const tree = { and: [{ field: 'platform', operator: 'eq', value: 'hubspot' }, { not: { or: [{ field: 'custom.plan', operator: 'in', value: ['pro', 'starter'] }] } }] };
    expect(ZFilterNode.parse(tree)).toEqual(tree);
  });

  it('refuses a node that is neither a group nor a condition, and empty groups', () => {
    for (const bad of [{ and: [] }, { xor: [] }, { field: 'company', operator: 'like', value: 'x' }, { field: 'company', operator: 'eq', value: { $ne: 1 } }, { and: [{ field: '', operator: 'eq' }] }]) {
      expect(ZFilterNode.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
