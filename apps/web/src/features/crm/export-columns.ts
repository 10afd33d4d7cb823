import { isContactExportColumn } from '@voiceagent/shared';

// The list's own layout columns hold several values each.
const LAYOUT_EXPORT_COLUMNS: Record<string, readonly string[]> = {
  details: ['jobTitle', 'company'],
  reach: ['email', 'phone', 'mobilePhone'],
};

/**
 * The export's columns for what the contacts list shows (the column chooser's ids): the name
 * first, as in the list, then each chosen column in order, then the CRM the list badges every row
 * with. `standard:timeZone` is the export's `timeZone`, `custom:plan` its `custom.plan`; an id the
 * export has no column for is left out.
 */
export function toExportColumns(chosen: readonly string[]): string[] {
  const columns = ['name'];
  for (const id of chosen) {
    if (LAYOUT_EXPORT_COLUMNS[id]) columns.push(...LAYOUT_EXPORT_COLUMNS[id]);
    else if (id.startsWith('standard:')) columns.push(id.slice('standard:'.length));
    else if (id.startsWith('custom:')) columns.push(`custom.${id.slice('custom:'.length)}`);
    else columns.push(id);
  }
  columns.push('platform');
  return [...new Set(columns)].filter(isContactExportColumn);
}
