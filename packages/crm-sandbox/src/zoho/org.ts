import type { CallStore } from './call-store';
import type { OwnerUser, RenderContext } from './contact-fields';
import type { ContactStore } from './contact-store';
import type { CustomViewStore } from './custom-views';
import type { FieldCatalogue } from './field-catalogue';
import type { WatchChannelStore } from './watch-channels';
import { makeId } from './ids';
import type { ZohoEdition } from './types';

export type ZohoUser = OwnerUser & { zuid: string; firstName: string; lastName: string };

/** One Zoho CRM organization (an "account" to the admin API) and its single signed-in user. */
export type ZohoOrg = {
  id: string;
  code: number;
  zgid: string;
  name: string;
  dataCentre: string;
  edition: ZohoEdition;
  concurrencyLimit?: number;
  seed: number;
  timeZone: { name: string; offsetMinutes: number };
  user: ZohoUser;
  createdAtMs: number;
  contacts: ContactStore;
  /** The Contacts fields: standard, and custom ones an admin may add, relabel or delete. */
  fields: FieldCatalogue;
  calls: CallStore;
  /** Custom views of Contacts, their members kept by the admin. */
  views: CustomViewStore;
  /** Notification channels (Watch API) of the org. */
  watch: WatchChannelStore;
};

export function renderContextOf(org: ZohoOrg): RenderContext {
  return { offsetMinutes: org.timeZone.offsetMinutes, owner: org.user, catalogue: org.fields };
}

export function moduleIdOf(org: ZohoOrg, module: 'Contacts' | 'Calls'): string {
  return makeId(org.code, 'module', module === 'Contacts' ? 2 : 5);
}

/** Zoho's minified user, as in Created_By / Modified_By of write responses. */
export function minifiedUser(org: ZohoOrg): { name: string; id: string } {
  return { name: org.user.name, id: org.user.id };
}
