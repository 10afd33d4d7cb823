import type { ContactFieldCatalogue } from './contact-field-catalogue';
import { selectProperties } from './contact-properties';
import type { ContactRecord } from './contact-store';

export type SimplePublicObject = {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
};

/** HubSpot's `SimplePublicObject`: id, the selected properties, ISO timestamps and the archived flag. */
export function toSimplePublicObject(record: ContactRecord, requested: string[] | undefined, fields: ContactFieldCatalogue): SimplePublicObject {
  const object: SimplePublicObject = {
    id: record.id,
    properties: selectProperties(record.properties, requested, (name) => fields.has(name)),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
  };
  if (record.archivedAt !== null) object.archivedAt = new Date(record.archivedAt).toISOString();
  return object;
}

/** `properties` arrives as a comma-separated query value, possibly repeated. */
export function parsePropertiesParam(raw: unknown): string[] | undefined {
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const names = values.flatMap((value) => String(value).split(',')).map((name) => name.trim()).filter(Boolean);
  return names.length > 0 ? names : undefined;
}
