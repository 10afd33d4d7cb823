import type { TContactListFilter } from '@voiceagent/shared';
import { paths } from '../../config/paths';

/**
 * The contacts screen showing a segment's filter, in the parameters GET /crm/contacts takes
 * (platform, q, callable, objectType, where as JSON), so that the screen reads them as it reads
 * any shared link.
 */
export function toContactsSearch(filter: TContactListFilter): string {
  const params = new URLSearchParams();
  const platforms = filter.platform === undefined ? [] : [filter.platform].flat();
  if (platforms.length > 0) params.set('platform', platforms.join(','));
  if (filter.q !== undefined) params.set('q', filter.q);
  if (filter.callable !== undefined) params.set('callable', String(filter.callable));
  if (filter.objectType !== undefined) params.set('objectType', filter.objectType);
  if (filter.where !== undefined) params.set('where', JSON.stringify(filter.where));
  return params.toString();
}

export function toContactsHref(filter: TContactListFilter): string {
  const search = toContactsSearch(filter);
  return search ? `${paths.app.crm.getHref()}?${search}` : paths.app.crm.getHref();
}
