import { FILTER_OPERATORS_BY_KIND, FILTER_STANDARD_FIELDS, PLATFORMS, type TFilterField } from '@voiceagent/shared';

/** The fields GET /crm/contacts/filter-fields gives a user with one mapped picklist (`custom.plan`), for the unit tests. */
export const TEST_FIELDS: TFilterField[] = [
  ...Object.entries(FILTER_STANDARD_FIELDS).map(([field, spec]) => ({
    field,
    label: spec.label,
    kind: spec.kind,
    operators: [...FILTER_OPERATORS_BY_KIND[spec.kind]],
    ...('values' in spec ? { values: spec.values.map((value) => ({ value, label: value === 'hubspot' ? 'HubSpot' : value === 'zoho' ? 'Zoho' : value })) } : {}),
    isCustom: false,
    platforms: [...PLATFORMS],
  })),
  {
    field: 'custom.plan',
    label: 'plan',
    kind: 'text',
    operators: [...FILTER_OPERATORS_BY_KIND.text],
    values: [
      { value: 'pro', label: 'Pro' },
      { value: 'team', label: 'Team' },
    ],
    isCustom: true,
    platforms: ['hubspot'],
  },
  { field: 'custom.seats', label: 'Seats', kind: 'number', operators: [...FILTER_OPERATORS_BY_KIND.number], isCustom: true, platforms: ['hubspot', 'zoho'] },
];

export const fieldNamed = (name: string): TFilterField => TEST_FIELDS.find((field) => field.field === name)!;
