import {
  canFeedStandardField,
  CUSTOM_FIELDS_MAX,
  STANDARD_CONTACT_FIELDS,
  type TCrmField,
  type TFieldMappingTarget,
} from '@voiceagent/shared';
import type { z } from 'zod';
import type { ZFieldMappingInput } from '@voiceagent/shared';
import type { FieldIssue } from '../../http/validate';
import type { NewMapping } from './field-mappings-repository';

type MappingInput = z.output<typeof ZFieldMappingInput>;

/**
 * Checks a whole mapping against the catalogue: every field exists (on its object), is mapped
 * once, and fits its target; a custom key takes one field per object, and the same type on both;
 * a standard field takes one field per object; the provider's cap on fields per object holds. Returns the rows to save, or every problem.
 */
export function checkMappings(
  inputs: readonly MappingInput[],
  catalogue: readonly TCrmField[],
  maxFieldsPerObject = Number.POSITIVE_INFINITY,
): { mappings: NewMapping[]; problems: FieldIssue[] } {
  const byName = new Map(catalogue.map((field) => [`${field.objectType}:${field.name}`, field]));
  const problems: FieldIssue[] = [];
  const mappings: NewMapping[] = [];
  const seenFields = new Set<string>();
  const seenTargets = new Map<string, number>();
  const keyTypes = new Map<string, TCrmField['type']>();
  let customCount = 0;

  inputs.forEach((input, index) => {
    const at = (...path: string[]) => ['mappings', index, ...path].join('.');
    const field = byName.get(`${input.objectType}:${input.field}`);
    if (!field) {
      problems.push({ field: at('field'), message: `The CRM has no ${input.objectType} field "${input.field}"; refresh the catalogue if it was just added` });
      return;
    }
    if (seenFields.has(`${input.objectType}:${input.field}`)) {
      problems.push({ field: at('field'), message: `"${input.field}" is mapped twice` });
      return;
    }
    seenFields.add(`${input.objectType}:${input.field}`);
    const targetId = `${input.objectType}:${targetName(input.target)}`;
    const first = seenTargets.get(targetId);
    if (first !== undefined) {
      problems.push({ field: at('target'), message: `${describeTarget(input.target)} already takes "${inputs[first]!.field}"` });
      return;
    }
    seenTargets.set(targetId, index);
    if (input.target.kind === 'standard') {
      if (!canFeedStandardField(input.target.field, field.type)) {
        const wanted = STANDARD_CONTACT_FIELDS[input.target.field];
        problems.push({ field: at('target', 'field'), message: `${wanted.label} takes a ${wanted.type === 'boolean' ? 'true/false' : 'text'} field; "${field.label}" is ${field.type}` });
        return;
      }
      mappings.push({ field, targetKind: 'standard', targetKey: input.target.field });
      return;
    }
    const knownType = keyTypes.get(input.target.key);
    if (knownType !== undefined && knownType !== field.type) {
      problems.push({ field: at('target', 'key'), message: `custom.${input.target.key} is ${knownType} on the other object; "${field.label}" is ${field.type}` });
      return;
    }
    keyTypes.set(input.target.key, field.type);
    if (knownType === undefined) customCount += 1;
    mappings.push({ field, targetKind: 'custom', targetKey: input.target.key });
  });
  if (customCount > CUSTOM_FIELDS_MAX) problems.push({ field: 'mappings', message: `At most ${CUSTOM_FIELDS_MAX} custom fields per CRM` });
  for (const objectType of ['contact', 'lead'] as const) {
    const fields = mappings.filter((mapping) => mapping.field.objectType === objectType).length;
    if (fields > maxFieldsPerObject) problems.push({ field: 'mappings', message: `This CRM syncs at most ${maxFieldsPerObject} mapped ${objectType} fields; ${fields} are mapped` });
  }
  return { mappings, problems };
}

function targetName(target: TFieldMappingTarget): string {
  return target.kind === 'custom' ? `custom:${target.key}` : `standard:${target.field}`;
}

function describeTarget(target: TFieldMappingTarget): string {
  return target.kind === 'custom' ? `custom.${target.key}` : STANDARD_CONTACT_FIELDS[target.field].label;
}

/** A stable text of a mapping, to tell whether a save changed anything. */
export function mappingSignature(rows: ReadonlyArray<{ objectType: string; field: string; targetKind: string; targetKey: string }>): string {
  return rows
    .map((row) => `${row.objectType}\u0000${row.field}\u0000${row.targetKind}\u0000${row.targetKey}`)
    .sort()
    .join('\n');
}
