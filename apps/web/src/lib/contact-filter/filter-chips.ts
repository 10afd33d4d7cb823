import { FILTER_STANDARD_FIELDS, type TFilterField, type TFilterStandardField, type TFilterValueKind } from '@voiceagent/shared';
import { GROUP_MODE_LABELS, type DraftCondition, type DraftGroup, type DraftNode } from './filter-draft';
import { describeOperator } from './filter-operators';

/** A long group's chip is cut here; the builder shows it whole. */
const CHIP_TEXT_MAX = 90;

export type FieldLookup = ReadonlyMap<string, TFilterField>;

export function toFieldLookup(fields: readonly TFilterField[]): FieldLookup {
  return new Map(fields.map((field) => [field.field, field]));
}

/** A field's label; before the fields arrive (or once one is gone) the standard label or the name itself. */
export function labelOfField(field: string, lookup: FieldLookup): string {
  const known = lookup.get(field);
  if (known) return known.label;
  if (Object.hasOwn(FILTER_STANDARD_FIELDS, field)) return FILTER_STANDARD_FIELDS[field as TFilterStandardField].label;
  return field.startsWith('custom.') ? field.slice('custom.'.length) : field;
}

function kindOfField(field: string, lookup: FieldLookup): TFilterValueKind {
  const known = lookup.get(field);
  if (known) return known.kind;
  return Object.hasOwn(FILTER_STANDARD_FIELDS, field) ? FILTER_STANDARD_FIELDS[field as TFilterStandardField].kind : 'text';
}

function formatScalar(value: unknown, field: TFilterField | undefined, kind: TFilterValueKind): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en');
  if (typeof value !== 'string') return '…';
  const option = field?.values?.find((candidate) => candidate.value === value);
  if (option) return option.label;
  // An instant as the person picked it, to the minute, in UTC as sent.
  if (kind === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return `${value.slice(0, 10)} ${value.slice(11, 16)}${value.endsWith('Z') ? ' UTC' : ''}`;
  return value;
}

/** "Lifecycle stage is customer", "Created in the CRM in the last 30 days", "plan is any of Pro, Team". */
export function describeCondition(condition: Omit<DraftCondition, 'type'>, lookup: FieldLookup): string {
  const field = lookup.get(condition.field);
  const kind = kindOfField(condition.field, lookup);
  const label = labelOfField(condition.field, lookup);
  const { operator, value } = condition;
  const scalar = (item: unknown) => formatScalar(item, field, kind);
  switch (operator) {
    case 'is_empty':
    case 'is_not_empty':
      return `${label} ${describeOperator(operator, kind)}`;
    case 'in_last_days':
      return `${label} in the last ${scalar(value)} ${value === 1 ? 'day' : 'days'}`;
    case 'between': {
      const [from, to] = Array.isArray(value) ? value : [];
      return `${label} is between ${scalar(from)} and ${scalar(to)}`;
    }
    case 'in':
    case 'not_in':
      return `${label} ${describeOperator(operator, kind)} ${Array.isArray(value) && value.length > 0 ? value.map(scalar).join(', ') : '…'}`;
    default:
      return `${label} ${describeOperator(operator, kind)} ${scalar(value)}`;
  }
}

/** "Any of: Lead status is new; Lifecycle stage is lead" — nested groups in brackets. */
export function describeNode(node: DraftNode, lookup: FieldLookup): string {
  if (node.type === 'condition') return describeCondition(node, lookup);
  return describeGroupInline(node, lookup);
}

function describeGroupInline(group: DraftGroup, lookup: FieldLookup): string {
  const mode = GROUP_MODE_LABELS[group.mode];
  const parts = group.children.map((child) => (child.type === 'group' ? `(${describeGroupInline(child, lookup)})` : describeCondition(child, lookup)));
  return `${mode[0]!.toUpperCase()}${mode.slice(1)}: ${parts.join('; ')}`;
}

export type FilterChip = { index: number; text: string; fullText: string };

/** One chip per condition or group at the top of the filter. */
export function buildFilterChips(root: DraftGroup, lookup: FieldLookup): FilterChip[] {
  return root.children.map((child, index) => {
    const fullText = describeNode(child, lookup);
    const text = fullText.length > CHIP_TEXT_MAX ? `${fullText.slice(0, CHIP_TEXT_MAX - 1)}…` : fullText;
    return { index, text, fullText };
  });
}
