import { initialContactFields, NONE_OPTION } from './field-defs';
import type { PicklistOption, ZohoDataType, ZohoFieldDef } from './field-defs';

/**
 * The Contacts fields of one org: Zoho's standard ones and the org's custom fields, which an
 * admin may add, relabel and delete. Reads ask it which names exist (an unknown `fields` name is
 * refused) and which custom values to render.
 */
export class FieldCatalogue {
  private readonly byName = new Map<string, ZohoFieldDef>();
  private nextSeq: number;
  private readableCache: Set<string> | null = null;
  private customCache: ZohoFieldDef[] | null = null;

  constructor() {
    const fields = initialContactFields();
    for (const def of fields) this.byName.set(def.apiName, def);
    this.nextSeq = fields.length + 1;
  }

  list(): ZohoFieldDef[] {
    return [...this.byName.values()];
  }

  get(apiName: string): ZohoFieldDef | undefined {
    return this.byName.get(apiName);
  }

  /** Custom fields, in creation order: their values are rendered beside the standard ones. */
  customFields(): ZohoFieldDef[] {
    this.customCache ??= this.list().filter((def) => def.custom);
    return this.customCache;
  }

  /** Every name Get Records accepts in `fields` (`id` comes back anyway). */
  readableNames(): Set<string> {
    this.readableCache ??= new Set(['id', ...this.byName.keys()]);
    return this.readableCache;
  }

  add(spec: { apiName: string; label: string; dataType: ZohoDataType; options: PicklistOption[] }): ZohoFieldDef {
    const options = spec.dataType === 'picklist' ? [NONE_OPTION, ...spec.options] : spec.dataType === 'multiselectpicklist' ? spec.options : [];
    const def: ZohoFieldDef = {
      apiName: spec.apiName,
      label: spec.label,
      dataType: spec.dataType,
      custom: true,
      readOnly: false,
      fieldReadOnly: false,
      length: lengthOf(spec.dataType),
      systemMandatory: false,
      options,
      formula: null,
      seq: this.nextSeq++,
      seeded: false,
    };
    this.byName.set(def.apiName, def);
    this.invalidate();
    return def;
  }

  update(apiName: string, patch: { label?: string; options?: PicklistOption[] }): ZohoFieldDef {
    const current = this.byName.get(apiName);
    if (!current) throw new Error(`No field ${apiName}`);
    const options = patch.options === undefined ? current.options : current.dataType === 'picklist' ? [NONE_OPTION, ...patch.options] : patch.options;
    const next = { ...current, label: patch.label ?? current.label, options };
    this.byName.set(apiName, next);
    this.invalidate();
    return next;
  }

  remove(apiName: string): void {
    this.byName.delete(apiName);
    this.invalidate();
  }

  private invalidate(): void {
    this.readableCache = null;
    this.customCache = null;
  }
}

function lengthOf(type: ZohoDataType): number {
  switch (type) {
    case 'textarea':
      return 32_000;
    case 'multiselectpicklist':
      return 2000;
    case 'phone':
      return 30;
    case 'email':
      return 100;
    case 'integer':
      return 9;
    case 'double':
    case 'currency':
      return 16;
    default:
      return 255;
  }
}
