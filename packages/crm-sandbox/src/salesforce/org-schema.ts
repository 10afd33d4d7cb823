import { findStandardField, standardFieldsOf } from './schema';
import type { FieldDef, SObjectType } from './schema';
import { SEEDED_CUSTOM_FIELDS } from './seeded-custom-fields';

/** What SOQL, describe and the writes ask of an org's fields. */
export type FieldLookup = {
  fieldsOf(type: SObjectType): FieldDef[];
  findField(type: SObjectType, name: string): FieldDef | undefined;
};

/** The standard fields alone: for callers that have no org (SOQL unit tests). */
export const STANDARD_FIELDS: FieldLookup = { fieldsOf: standardFieldsOf, findField: findStandardField };

type CustomType = 'Contact' | 'Lead';

/**
 * One org's fields: the standard ones every org has, plus its custom fields (`__c`), which its
 * admin adds, relabels and deletes. Seeded records carry values for the seeded custom fields
 * only while those still exist: a field deleted and created again starts empty, as in Salesforce.
 */
export class OrgSchema implements FieldLookup {
  private readonly custom: Record<CustomType, Map<string, FieldDef>> = { Contact: new Map(), Lead: new Map() };
  private readonly seeded: Record<CustomType, Set<string>> = { Contact: new Set(), Lead: new Set() };
  private readonly all = new Map<SObjectType, FieldDef[]>();

  constructor() {
    for (const field of SEEDED_CUSTOM_FIELDS) {
      for (const type of field.objects) {
        this.custom[type].set(field.def.name.toLowerCase(), field.def);
        this.seeded[type].add(field.def.name);
      }
    }
  }

  fieldsOf(type: SObjectType): FieldDef[] {
    let fields = this.all.get(type);
    if (!fields) {
      fields = type === 'Task' ? standardFieldsOf(type) : [...standardFieldsOf(type), ...this.custom[type].values()];
      this.all.set(type, fields);
    }
    return fields;
  }

  findField(type: SObjectType, name: string): FieldDef | undefined {
    return findStandardField(type, name) ?? (type === 'Task' ? undefined : this.custom[type].get(name.toLowerCase()));
  }

  findCustomField(type: CustomType, name: string): FieldDef | undefined {
    return this.custom[type].get(name.toLowerCase());
  }

  /** Whether seeded records of this type still carry generated values for this field. */
  hasSeededValues(type: CustomType, name: string): boolean {
    return this.seeded[type].has(name);
  }

  /** Adds a field, or replaces the one of that name (a relabel keeps its place and values). */
  putField(type: CustomType, field: FieldDef): void {
    this.custom[type].set(field.name.toLowerCase(), field);
    this.all.delete(type);
  }

  removeField(type: CustomType, name: string): void {
    const field = this.custom[type].get(name.toLowerCase());
    if (!field) return;
    this.custom[type].delete(name.toLowerCase());
    this.seeded[type].delete(field.name);
    this.all.delete(type);
  }
}
