import express from 'express';
import type { Router } from 'express';
import type { ZohoFieldDef } from './field-defs';
import { makeId } from './ids';
import { single } from './list-query';
import type { ZohoOrg } from './org';
import { apiLocals, moduleOf, requireScope, zohoRoute } from './route-support';
import { ZohoErrors } from './zoho-errors';

const FIELD_TYPES = ['used', 'unused', 'all'];

/**
 * GET /crm/v8/settings/fields?module=Contacts: Zoho's Field Metadata API. Needs
 * ZohoCRM.settings.fields.READ (or .ALL, or ZohoCRM.settings.ALL); a token without it gets
 * Zoho's 401 OAUTH_SCOPE_MISMATCH. The sandbox describes Contacts only.
 */
export function fieldsRoutes(): Router {
  const router = express.Router();
  router.get('/settings/fields', zohoRoute((req, res) => {
    requireScope(res, { kind: 'fields' });
    const moduleName = single(req.query.module);
    if (moduleName === undefined || moduleName === '') throw ZohoErrors.requiredParam('module');
    if (moduleOf(moduleName) !== 'Contacts') throw ZohoErrors.invalidModule();
    const type = single(req.query.type) ?? 'used';
    if (!FIELD_TYPES.includes(type)) throw ZohoErrors.invalidParam('type', { supported_values: FIELD_TYPES });
    const { org } = apiLocals(res);
    // Every sandbox field is in use: `unused` finds none.
    if (type === 'unused') return void res.status(204).end();
    res.json({ fields: org.fields.list().map((def) => renderFieldMeta(org, def)) });
  }));
  return router;
}

/** One field in the documented shape: the keys clients rely on, with Zoho's names and value types. */
export function renderFieldMeta(org: ZohoOrg, def: ZohoFieldDef): Record<string, unknown> {
  const editable = !def.readOnly && !def.fieldReadOnly && def.dataType !== 'formula' && def.dataType !== 'autonumber';
  return {
    associated_module: null,
    webhook: true,
    operation_type: { web_update: editable, api_create: editable, web_create: editable, api_update: editable },
    field_label: def.label,
    tooltip: null,
    type: 'used',
    field_read_only: def.fieldReadOnly,
    display_label: def.label,
    read_only: def.readOnly,
    id: fieldIdOf(org, def),
    filterable: true,
    visible: true,
    view_type: { view: true, edit: editable, quick_create: false, create: editable },
    searchable: true,
    api_name: def.apiName,
    unique: {},
    pick_list_values: def.options.map((option, index) => ({
      display_value: option.display,
      sequence_number: index + 1,
      reference_value: option.actual,
      colour_code: null,
      actual_value: option.actual,
      id: makeId(org.code, 'module', 10_000 * def.seq + index + 1),
      type: 'used',
    })),
    system_mandatory: def.systemMandatory,
    virtual_field: false,
    json_type: jsonTypeOf(def),
    crypt: null,
    created_source: 'default',
    display_type: -1,
    currency: def.dataType === 'currency' ? { rounding_option: 'normal', precision: 2 } : {},
    custom_field: def.custom,
    lookup: def.dataType === 'lookup' ? { module: { api_name: 'Accounts', id: makeId(org.code, 'module', 1) }, display_label: 'Account Name', api_name: 'Account_Name' } : {},
    length: def.length,
    sortable: true,
    history_tracking: null,
    data_type: def.dataType,
    formula: def.formula ? { return_type: def.formula.returnType, expression: def.formula.expression, assume_default: false } : {},
    decimal_place: def.dataType === 'double' || def.dataType === 'currency' || def.formula?.returnType === 'double' ? 2 : null,
    mass_update: editable,
    multiselectlookup: {},
    auto_number: def.dataType === 'autonumber' ? { prefix: 'CUS-', suffix: '', start_number: 1 } : {},
    textarea: def.dataType === 'textarea' ? { type: 'large' } : undefined,
  };
}

function fieldIdOf(org: ZohoOrg, def: ZohoFieldDef): string {
  // Field ids share the module id space, above the module ids themselves.
  return makeId(org.code, 'module', 1000 + def.seq);
}

function jsonTypeOf(def: ZohoFieldDef): string {
  const type = def.dataType === 'formula' ? def.formula?.returnType : def.dataType;
  switch (type) {
    case 'lookup':
    case 'ownerlookup':
      return 'jsonobject';
    case 'multiselectpicklist':
      return 'jsonarray';
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'double':
    case 'currency':
      return 'double';
    default:
      return def.apiName === 'Tag' ? 'jsonarray' : 'string';
  }
}
