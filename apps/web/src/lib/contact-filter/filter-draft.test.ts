import { FILTER_TREE_MAX_CONDITIONS, type TFilterNode } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import {
  BLANK_CONDITION,
  EMPTY_DRAFT,
  addCondition,
  addGroup,
  canAddCondition,
  canAddGroup,
  changeConditionField,
  changeConditionOperator,
  changeConditionValue,
  checkDraft,
  fromDraft,
  newCondition,
  removeNode,
  setGroupMode,
  toDraft,
  type DraftGroup,
} from './filter-draft';
import { TEST_FIELDS, fieldNamed } from './test-fields';

const stage = (value: string): TFilterNode => ({ field: 'lifecycleStage', operator: 'eq', value });

describe('filter draft', () => {
  it('round-trips a tree with and, or, none-of and not-all-of groups', () => {
    const tree: TFilterNode = { or: [stage('lead'), { and: [stage('customer'), { not: { or: [stage('x')] } }, { not: { and: [stage('y'), stage('z')] } }] }] };
    expect(fromDraft(toDraft(tree))).toEqual(tree);
  });

  it('wraps a lone condition in an all-of group, reads not(condition) as none of it, and drops a double not', () => {
    expect(fromDraft(toDraft(stage('lead')))).toEqual({ and: [stage('lead')] });
    expect(fromDraft(toDraft({ not: stage('lead') }))).toEqual({ and: [{ not: { or: [stage('lead')] } }] });
    expect(fromDraft(toDraft({ not: { not: { or: [stage('lead')] } } }))).toEqual({ or: [stage('lead')] });
  });

  it('is no filter at all without a condition', () => {
    expect(fromDraft(EMPTY_DRAFT)).toBeNull();
    expect(checkDraft(EMPTY_DRAFT, TEST_FIELDS)).toEqual({ tree: null, issues: [], isValid: true });
  });

  it('adds conditions and nests a group of the other kind, then negates it as none of', () => {
    let draft = addCondition(EMPTY_DRAFT, [], newCondition(fieldNamed('lifecycleStage')));
    draft = changeConditionValue(draft, [0], 'customer');
    draft = addGroup(draft, [], { ...newCondition(fieldNamed('leadStatus')), value: 'new' });
    draft = addCondition(draft, [1], { ...newCondition(fieldNamed('leadStatus')), value: 'open' });
    expect(fromDraft(draft)).toEqual({
      and: [
        { field: 'lifecycleStage', operator: 'contains', value: 'customer' },
        { or: [{ field: 'leadStatus', operator: 'contains', value: 'new' }, { field: 'leadStatus', operator: 'contains', value: 'open' }] },
      ],
    });
    draft = setGroupMode(draft, [1], 'nor');
    expect(fromDraft(draft)).toMatchObject({ and: [{}, { not: { or: [{ value: 'new' }, { value: 'open' }] } }] });
  });

  it('removes a condition, and a group with its last condition', () => {
    const draft = toDraft({ and: [stage('a'), { or: [stage('b')] }] });
    expect(fromDraft(removeNode(draft, [0]))).toEqual({ and: [{ or: [stage('b')] }] });
    expect(fromDraft(removeNode(draft, [1, 0]))).toEqual({ and: [stage('a')] });
    expect(fromDraft(removeNode(removeNode(draft, [1, 0]), [0]))).toBeNull();
  });

  it('starts a condition afresh on another field and keeps the value on another operator', () => {
    let draft = addCondition(EMPTY_DRAFT, [], { ...newCondition(fieldNamed('company')), value: 'Acme' });
    draft = changeConditionOperator(draft, [0], 'in', 'text');
    expect(fromDraft(draft)).toEqual({ and: [{ field: 'company', operator: 'in', value: ['Acme'] }] });
    draft = changeConditionField(draft, [0], fieldNamed('crmCreatedAt'));
    expect(fromDraft(draft)).toEqual({ and: [{ field: 'crmCreatedAt', operator: 'in_last_days', value: 30 }] });
  });

  it('names what is wrong by the path the server uses, and is valid once every value fits', () => {
    let draft: DraftGroup = toDraft({ and: [stage('lead'), { not: { or: [{ field: 'custom.seats', operator: 'gt', value: 'many' }] } }] });
    draft = addCondition(draft, [], BLANK_CONDITION);
    const check = checkDraft(draft, TEST_FIELDS);
    expect(check.isValid).toBe(false);
    expect(check.tree).toBeNull();
    expect(check.issues.map((issue) => issue.path)).toEqual(['and.1.not.or.0', 'and.2']);

    draft = changeConditionValue(removeNode(draft, [2]), [1, 0], 12);
    expect(checkDraft(draft, TEST_FIELDS)).toMatchObject({ isValid: true, issues: [] });
  });

  it('refuses a custom field the person has not got', () => {
    const check = checkDraft(toDraft({ field: 'custom.gone', operator: 'eq', value: 'x' }), TEST_FIELDS);
    expect(check.issues).toEqual([{ path: 'and.0', message: 'No mapped custom field "custom.gone"' }]);
  });

  it('stops nesting at depth 5 and adding at 50 conditions', () => {
    let draft = addCondition(EMPTY_DRAFT, [], newCondition(fieldNamed('company')));
    const address: number[] = [];
    // Each nested group is one level; the top and the conditions are the other two.
    for (let level = 0; level < 3; level += 1) {
      expect(canAddGroup(draft, address)).toBe(true);
      draft = addGroup(draft, address, newCondition(fieldNamed('company')));
      address.push(1);
    }
    expect(canAddGroup(draft, address)).toBe(false);
    // A none-of group takes two levels (not, then or).
    expect(checkDraft(setGroupMode(draft, address, 'nor'), TEST_FIELDS).issues.some((issue) => issue.message.includes('at most 5 deep'))).toBe(true);

    let wide = EMPTY_DRAFT;
    for (let i = 0; i < FILTER_TREE_MAX_CONDITIONS; i += 1) wide = addCondition(wide, [], { ...newCondition(fieldNamed('company')), value: `c${i}` });
    expect(canAddCondition(wide)).toBe(false);
    expect(canAddGroup(wide, [])).toBe(false);
    expect(checkDraft(wide, TEST_FIELDS).isValid).toBe(true);
  });
});
