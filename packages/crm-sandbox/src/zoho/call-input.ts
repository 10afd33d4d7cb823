import type { CallFields } from './call-store';
import { fullNameOf } from './contact-fields';
import type { ZohoOrg } from './org';
import { zohoError } from './zoho-errors';
import type { ZohoErrorBody } from './zoho-errors';
import { parseZohoDateTime } from './zoho-time';

const CALL_TYPES = ['Outbound', 'Inbound', 'Missed'] as const;
const TEXT_FIELDS = ['Description', 'Call_Purpose', 'Call_Result', 'Call_Agenda'] as const;

/**
 * Checks one call of Create Records for Calls: Subject, Call_Type and Call_Start_Time are
 * mandatory, an Inbound or Outbound call needs a non-zero Call_Duration, and Who_Id must name
 * a live contact of the org.
 */
export function checkCallInput(org: ZohoOrg, raw: unknown, index: number): { fields: CallFields } | { error: ZohoErrorBody } {
  const path = `$.data[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { error: zohoError('INVALID_DATA', 'invalid data', { expected_data_type: 'jsonobject', api_name: 'data', json_path: path }) };
  }
  const input = raw as Record<string, unknown>;
  const missing = (name: string) => ({ error: zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: name, json_path: `${path}.${name}` }) });
  const invalid = (name: string, extra: Record<string, unknown> = {}) => ({
    error: zohoError('INVALID_DATA', 'invalid data', { api_name: name, json_path: `${path}.${name}`, ...extra }),
  });

  if (typeof input.Subject !== 'string' || input.Subject.trim() === '') return missing('Subject');
  if (input.Subject.length > 255) return invalid('Subject', { maximum_length: 255, expected_data_type: 'text' });
  if (input.Call_Type === undefined) return missing('Call_Type');
  const callType = CALL_TYPES.find((type) => type === input.Call_Type);
  if (!callType) return invalid('Call_Type', { expected_data_type: 'picklist', supported_values: CALL_TYPES });
  if (input.Call_Start_Time === undefined) return missing('Call_Start_Time');
  const start = typeof input.Call_Start_Time === 'string' ? parseZohoDateTime(input.Call_Start_Time) : null;
  if (start === null) return invalid('Call_Start_Time', { expected_data_type: 'datetime' });

  let duration: string | null = null;
  let durationSeconds: number | null = null;
  if (input.Call_Duration !== undefined && input.Call_Duration !== null) {
    const match = typeof input.Call_Duration === 'string' ? /^(\d{1,4}):([0-5]\d)$/.exec(input.Call_Duration) : null;
    if (!match) return invalid('Call_Duration', { expected_data_type: 'text' });
    duration = input.Call_Duration as string;
    durationSeconds = Number(match[1]) * 60 + Number(match[2]);
  }
  if (callType !== 'Missed') {
    if (duration === null) return missing('Call_Duration');
    if (durationSeconds === 0) return invalid('Call_Duration', { expected_data_type: 'text' });
  }

  let who: CallFields['Who_Id'] = null;
  if (input.Who_Id !== undefined && input.Who_Id !== null) {
    const whoId = lookupId(input.Who_Id);
    const contact = whoId ? org.contacts.get(whoId) : null;
    if (!contact) return { error: zohoError('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'Who_Id', json_path: `${path}.Who_Id`, id: whoId }) };
    who = { name: fullNameOf(contact.fields), id: contact.id };
  }
  let what: CallFields['What_Id'] = null;
  const seModule = typeof input.$se_module === 'string' && input.$se_module !== '' ? input.$se_module : null;
  if (input.What_Id !== undefined && input.What_Id !== null) {
    const whatId = lookupId(input.What_Id);
    if (!whatId) return invalid('What_Id', { expected_data_type: 'lookup' });
    if (!seModule) return missing('$se_module');
    what = { name: null, id: whatId };
  }

  const fields: CallFields = {
    Subject: input.Subject,
    Call_Type: callType,
    Call_Start_Time: start,
    Call_Duration: duration,
    Call_Duration_In_Seconds: durationSeconds,
    Who_Id: who,
    What_Id: what,
    $se_module: seModule,
    Description: null,
    Call_Purpose: null,
    Call_Result: null,
    Call_Agenda: null,
  };
  for (const name of TEXT_FIELDS) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return invalid(name, { expected_data_type: 'text' });
    fields[name] = value;
  }
  return { fields };
}

function lookupId(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}
