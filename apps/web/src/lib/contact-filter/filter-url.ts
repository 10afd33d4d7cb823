import { CONTACT_FILTER_PARAM_MAX, ZFilterNode, checkFilterTree, type TFilterField, type TFilterNode } from '@voiceagent/shared';
import { toCustomKinds } from './filter-draft';

/** The name of the parameter in the screen's URL: the same name and JSON as GET /crm/contacts takes. */
export const WHERE_PARAM = 'where';

export type WhereParam = { status: 'none' } | { status: 'ok'; tree: TFilterNode } | { status: 'invalid'; message: string };

export function encodeWhere(tree: TFilterNode): string {
  return JSON.stringify(tree);
}

/** Whether a tree goes in GET /crm/contacts's query; a longer one goes to POST /crm/contacts/query. */
export function fitsInQuery(tree: TFilterNode): boolean {
  return encodeWhere(tree).length <= CONTACT_FILTER_PARAM_MAX;
}

/** Reads `where` from a URL: absent, a tree of the contract's shape, or why it is not one. */
export function decodeWhere(text: string | null): WhereParam {
  if (text === null || text.trim() === '') return { status: 'none' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 'invalid', message: 'The filter in this link is damaged (it is not JSON), so it was left out.' };
  }
  const parsed = ZFilterNode.safeParse(json);
  if (!parsed.success) return { status: 'invalid', message: 'The filter in this link is not a filter this app can read, so it was left out.' };
  return { status: 'ok', tree: parsed.data };
}

/** A tree from a link checked against the fields this person has: null when it is good, else what is wrong. */
export function findTreeProblem(tree: TFilterNode, fields: readonly TFilterField[]): string | null {
  const issues = checkFilterTree(tree, toCustomKinds(fields));
  if (issues.length === 0) return null;
  return `The filter in this link cannot be used (${issues.map((issue) => issue.message).join('; ')}), so it was left out.`;
}
