import { makeId } from './ids';

/**
 * Custom views of Contacts. Zoho keeps a view's records by its criteria; the sandbox stands in
 * for the criteria with a member set the admin keeps. Records deleted since are left out when read.
 */
export type CustomView = { id: string; name: string; createdAtMs: number; members: Set<string> };

export class CustomViewStore {
  private readonly views = new Map<string, CustomView>();
  private nextSeq = 1;

  constructor(private readonly orgCode: number) {}

  create(name: string, memberIds: readonly string[], nowMs: number): CustomView {
    const view: CustomView = { id: makeId(this.orgCode, 'module', 500_000 + this.nextSeq++), name, createdAtMs: nowMs, members: new Set(memberIds) };
    this.views.set(view.id, view);
    return view;
  }

  find(id: string): CustomView | undefined {
    return this.views.get(id);
  }

  list(): CustomView[] {
    return [...this.views.values()];
  }

  delete(id: string): boolean {
    return this.views.delete(id);
  }
}
