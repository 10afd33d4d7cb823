import { ZContactObjectType, ZPlatform, type TContactObjectType, type TPlatform } from '@voiceagent/shared';
import { WHERE_PARAM, decodeWhere, encodeWhere, type WhereParam } from '../../lib/contact-filter/filter-url';
import type { TFilterNode } from '@voiceagent/shared';
import type { ContactsSort, ContactsView } from './components/contacts-toolbar';

/**
 * The contacts screen's filters as its URL holds them, so a shared link or a reload shows the
 * same list: the names and meanings of GET /crm/contacts where there is one (platform, q,
 * callable, objectType, sort, view, where). Defaults are left out of the URL.
 */
export type ContactsUrlState = {
  view: ContactsView;
  platform: TPlatform | null;
  /** The search as last applied (debounced); the input may hold more. */
  q: string;
  isCallableOnly: boolean;
  objectType: TContactObjectType | null;
  sort: ContactsSort;
  where: WhereParam;
};

export function readContactsUrl(params: URLSearchParams): ContactsUrlState {
  const platform = ZPlatform.safeParse(params.get('platform'));
  const objectType = ZContactObjectType.safeParse(params.get('objectType'));
  return {
    view: params.get('view') === 'separate' ? 'separate' : 'unified',
    platform: platform.success ? platform.data : null,
    q: params.get('q') ?? '',
    isCallableOnly: params.get('callable') === 'true',
    objectType: objectType.success ? objectType.data : null,
    sort: params.get('sort') === 'updated' ? 'updated' : 'name',
    where: decodeWhere(params.get(WHERE_PARAM)),
  };
}

/** What may change at once: the where as a tree (null removes it). */
export type ContactsUrlPatch = Partial<Omit<ContactsUrlState, 'where'>> & { where?: TFilterNode | null };

/** The URL's parameters after a change; parameters this screen does not own are kept. */
export function writeContactsUrl(params: URLSearchParams, patch: ContactsUrlPatch): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | null) => (value === null ? next.delete(name) : next.set(name, value));
  if (patch.view !== undefined) set('view', patch.view === 'separate' ? 'separate' : null);
  if (patch.platform !== undefined) set('platform', patch.platform);
  if (patch.q !== undefined) set('q', patch.q.trim() === '' ? null : patch.q);
  if (patch.isCallableOnly !== undefined) set('callable', patch.isCallableOnly ? 'true' : null);
  if (patch.objectType !== undefined) set('objectType', patch.objectType);
  if (patch.sort !== undefined) set('sort', patch.sort === 'updated' ? 'updated' : null);
  if (patch.where !== undefined) set(WHERE_PARAM, patch.where === null ? null : encodeWhere(patch.where));
  return next;
}
