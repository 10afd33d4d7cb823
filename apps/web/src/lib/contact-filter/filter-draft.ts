import {
  FILTER_TREE_MAX_CONDITIONS,
  FILTER_TREE_MAX_DEPTH,
  ZFilterNode,
  checkFilterTree,
  type TFilterField,
  type TFilterNode,
  type TFilterOperator,
  type TFilterTreeIssue,
  type TFilterValueKind,
} from '@voiceagent/shared';
import { carryValue, defaultOperator, defaultValue, type DraftValue } from './filter-operators';

/**
 * The filter as the builder edits it: groups and conditions, a value of any shape while it is
 * typed. It becomes a TFilterNode (the contract's tree) only when checkFilterTree finds nothing
 * wrong. "none of" is not(or), "not all of" not(and).
 */
export type GroupMode = 'and' | 'or' | 'nor' | 'nand';
export type DraftCondition = { type: 'condition'; field: string; operator: TFilterOperator; value: DraftValue };
export type DraftGroup = { type: 'group'; mode: GroupMode; children: DraftNode[] };
export type DraftNode = DraftCondition | DraftGroup;
/** Where a node sits: child indexes from the top group down; [] is the top group itself. */
export type DraftAddress = readonly number[];

export const GROUP_MODE_LABELS: Record<GroupMode, string> = { and: 'all of', or: 'any of', nor: 'none of', nand: 'not all of' };

export const EMPTY_DRAFT: DraftGroup = { type: 'group', mode: 'and', children: [] };

/** A tree (from the URL, or the filter applied) as the builder edits it; the top is always an and/or group. */
export function toDraft(tree: TFilterNode | null | undefined): DraftGroup {
  if (!tree) return EMPTY_DRAFT;
  const node = toDraftNode(tree);
  if (node.type === 'group' && (node.mode === 'and' || node.mode === 'or')) return node;
  return { type: 'group', mode: 'and', children: [node] };
}

function toDraftNode(tree: TFilterNode): DraftNode {
  if ('and' in tree) return { type: 'group', mode: 'and', children: tree.and.map(toDraftNode) };
  if ('or' in tree) return { type: 'group', mode: 'or', children: tree.or.map(toDraftNode) };
  if ('not' in tree) {
    const inner = tree.not;
    if ('not' in inner) return toDraftNode(inner.not);
    if ('and' in inner) return { type: 'group', mode: 'nand', children: inner.and.map(toDraftNode) };
    if ('or' in inner) return { type: 'group', mode: 'nor', children: inner.or.map(toDraftNode) };
    // not(condition) reads as "none of" one condition: the same contacts.
    return { type: 'group', mode: 'nor', children: [toDraftNode(inner)] };
  }
  return { type: 'condition', field: tree.field, operator: tree.operator, value: tree.value };
}

/** The contract's tree; null when there is no condition at all. Unchecked: see checkDraft. */
export function fromDraft(root: DraftGroup): TFilterNode | null {
  return countConditions(root) === 0 ? null : fromDraftNode(root);
}

function fromDraftNode(node: DraftNode): TFilterNode {
  if (node.type === 'condition') {
    return (node.value === undefined ? { field: node.field, operator: node.operator } : { field: node.field, operator: node.operator, value: node.value }) as TFilterNode;
  }
  const children = node.children.map(fromDraftNode);
  switch (node.mode) {
    case 'and':
      return { and: children };
    case 'or':
      return { or: children };
    case 'nor':
      return { not: { or: children } };
    case 'nand':
      return { not: { and: children } };
  }
}

/** The path checkFilterTree and the server name a group's child by (`and.1.not.or.0`). */
export function childPath(groupPath: string, mode: GroupMode, index: number): string {
  const step = { and: `and.${index}`, or: `or.${index}`, nor: `not.or.${index}`, nand: `not.and.${index}` }[mode];
  return groupPath ? `${groupPath}.${step}` : step;
}

export function countConditions(node: DraftNode): number {
  return node.type === 'condition' ? 1 : node.children.reduce((sum, child) => sum + countConditions(child), 0);
}

/** The deepest level of the tree this draft becomes, counted as checkFilterTree counts it (the top is 1). */
export function treeDepth(node: DraftNode): number {
  if (node.type === 'condition') return 1;
  const below = Math.max(0, ...node.children.map(treeDepth));
  return (node.mode === 'nor' || node.mode === 'nand' ? 2 : 1) + below;
}

/** A row whose field is still to be chosen ("Add filter"). */
export const BLANK_CONDITION: DraftCondition = { type: 'condition', field: '', operator: 'eq', value: undefined };

/** A new condition on `field`, with the operator and value people most often start from. */
export function newCondition(field: TFilterField): DraftCondition {
  const operator = defaultOperator(field);
  return { type: 'condition', field: field.field, operator, value: defaultValue(operator, field.kind) };
}

function getNode(root: DraftGroup, address: DraftAddress): DraftNode | undefined {
  let node: DraftNode | undefined = root;
  for (const index of address) node = node?.type === 'group' ? node.children[index] : undefined;
  return node;
}

/** A copy of the draft with the node at `address` replaced (or removed, when `update` gives null). */
function replaceAt(root: DraftGroup, address: DraftAddress, update: (node: DraftNode) => DraftNode | null): DraftGroup {
  const visit = (node: DraftNode, depth: number): DraftNode | null => {
    if (depth === address.length) return update(node);
    if (node.type !== 'group') return node;
    const index = address[depth]!;
    const children = node.children.flatMap((child, i) => {
      if (i !== index) return [child];
      const next = visit(child, depth + 1);
      return next === null ? [] : [next];
    });
    // A group left without conditions means nothing; it goes too (the top group stays).
    if (children.length === 0 && depth > 0) return null;
    return { ...node, children };
  };
  return (visit(root, 0) as DraftGroup | null) ?? { ...root, children: [] };
}

export function addCondition(root: DraftGroup, groupAddress: DraftAddress, condition: DraftCondition): DraftGroup {
  return replaceAt(root, groupAddress, (group) => (group.type === 'group' ? { ...group, children: [...group.children, condition] } : group));
}

/** Nests a group (the opposite of its parent: "any of" inside "all of") holding its first condition. */
export function addGroup(root: DraftGroup, groupAddress: DraftAddress, condition: DraftCondition): DraftGroup {
  return replaceAt(root, groupAddress, (group) => {
    if (group.type !== 'group') return group;
    const mode: GroupMode = group.mode === 'or' ? 'and' : 'or';
    return { ...group, children: [...group.children, { type: 'group', mode, children: [condition] }] };
  });
}

/** Whether a group may be nested in the group at `groupAddress` without going past the depth bound. */
export function canAddGroup(root: DraftGroup, groupAddress: DraftAddress): boolean {
  if (countConditions(root) >= FILTER_TREE_MAX_CONDITIONS) return false;
  const probe: DraftCondition = { type: 'condition', field: '', operator: 'is_empty', value: undefined };
  return treeDepth(addGroup(root, groupAddress, probe)) <= FILTER_TREE_MAX_DEPTH;
}

export function canAddCondition(root: DraftGroup): boolean {
  return countConditions(root) < FILTER_TREE_MAX_CONDITIONS;
}

export function removeNode(root: DraftGroup, address: DraftAddress): DraftGroup {
  return address.length === 0 ? { ...root, children: [] } : replaceAt(root, address, () => null);
}

export function setGroupMode(root: DraftGroup, address: DraftAddress, mode: GroupMode): DraftGroup {
  return replaceAt(root, address, (node) => (node.type === 'group' ? { ...node, mode } : node));
}

/** Another field starts the condition afresh; another operator keeps the value when it still fits. */
export function changeConditionField(root: DraftGroup, address: DraftAddress, field: TFilterField): DraftGroup {
  return replaceAt(root, address, (node) => (node.type === 'condition' ? newCondition(field) : node));
}

export function changeConditionOperator(root: DraftGroup, address: DraftAddress, operator: TFilterOperator, kind: TFilterValueKind): DraftGroup {
  return replaceAt(root, address, (node) =>
    node.type === 'condition' ? { ...node, operator, value: carryValue(node.value, node.operator, operator, kind) } : node,
  );
}

export function changeConditionValue(root: DraftGroup, address: DraftAddress, value: DraftValue): DraftGroup {
  return replaceAt(root, address, (node) => (node.type === 'condition' ? { ...node, value } : node));
}

export function getDraftNode(root: DraftGroup, address: DraftAddress): DraftNode | undefined {
  return getNode(root, address);
}

/** The custom fields' kinds, as checkFilterTree takes them (`custom.plan` → plan). */
export function toCustomKinds(fields: readonly TFilterField[]): Map<string, TFilterValueKind> {
  return new Map(fields.filter((field) => field.isCustom).map((field) => [field.field.slice('custom.'.length), field.kind]));
}

export type DraftCheck = {
  /** The tree to apply: null when the draft has no condition (no filter), or when it has issues. */
  tree: TFilterNode | null;
  issues: TFilterTreeIssue[];
  isValid: boolean;
};

/** The shared checks the server makes (fields, operators, values, bounds), before anything is sent. */
export function checkDraft(root: DraftGroup, fields: readonly TFilterField[]): DraftCheck {
  const tree = fromDraft(root);
  if (!tree) return { tree: null, issues: [], isValid: true };
  const issues = checkFilterTree(tree, toCustomKinds(fields));
  if (issues.length === 0) {
    // What the contract bounds beyond the checks (text length): the first problem, on the whole filter.
    const parsed = ZFilterNode.safeParse(tree);
    if (!parsed.success) issues.push({ path: parsed.error.issues[0]?.path.join('.') ?? '', message: parsed.error.issues[0]?.message ?? 'Not a filter' });
  }
  return issues.length === 0 ? { tree, issues, isValid: true } : { tree: null, issues, isValid: false };
}

/** The issues of one node's own path (not its children's), for showing under its row. */
export function issuesAt(issues: readonly TFilterTreeIssue[], path: string): string[] {
  return issues.filter((issue) => issue.path === path).map((issue) => issue.message);
}
