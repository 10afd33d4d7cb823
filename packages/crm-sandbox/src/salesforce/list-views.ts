import express from 'express';
import type { Router } from 'express';
import { sfErrors } from './errors';
import { makeId, normalizeId, toId18 } from './ids';
import type { SalesforceOrg } from './org';
import { parseSoql } from './soql/parser';
import { handle, localsOf } from './rest-support';

/**
 * A list view of Contact: a label and a SOQL filter. Salesforce keeps its members by the filter,
 * and so does the sandbox: they are whatever the view's query returns when it is run.
 */
export type ListView = { id: string; label: string; developerName: string; where: string | null };

/** The key prefix of list view ids. */
const LIST_VIEW_PREFIX = '00B';

export function createListView(org: SalesforceOrg, input: { label: string; where?: string | null }): ListView {
  const where = input.where?.trim() || null;
  // Refused now rather than at the first read: the filter must parse as SOQL.
  if (where) parseSoql(`SELECT Id FROM Contact WHERE ${where}`);
  const seq = org.listViews.size + 1;
  const id = toId18(`${LIST_VIEW_PREFIX}${makeId('Task', org.pod, seq).slice(3, 15)}`);
  const developerName = input.label.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '') || `View_${seq}`;
  const view: ListView = { id, label: input.label, developerName, where };
  org.listViews.set(id, view);
  return view;
}

/** The view's query as describe gives it: its columns, its filter, its order. */
export function queryOfListView(view: ListView): string {
  return `SELECT Id, FirstName, LastName, Email FROM Contact${view.where ? ` WHERE ${view.where}` : ''} ORDER BY Id ASC`;
}

/**
 * GET /sobjects/Contact/listviews and GET /sobjects/Contact/listviews/{id}/describe: the list
 * views of Contact and the SOQL query behind one (run with /query). Other objects have none here.
 */
export function listViewRoutes(): Router {
  const router = express.Router({ mergeParams: true });
  router.get('/sobjects/:type/listviews', handle((req, res) => {
    const { org, version } = localsOf(res);
    const views = req.params.type === 'Contact' ? [...org.listViews.values()] : [];
    const base = `/services/data/v${version}/sobjects/${req.params.type}/listviews`;
    res.json({
      done: true,
      listviews: views.map((view) => ({
        id: view.id,
        label: view.label,
        developerName: view.developerName,
        soqlCompatible: true,
        url: `${base}/${view.id}`,
        describeUrl: `${base}/${view.id}/describe`,
        resultsUrl: `${base}/${view.id}/results`,
      })),
      nextRecordsUrl: null,
      size: views.length,
      sobjectType: req.params.type,
    });
  }));
  router.get('/sobjects/:type/listviews/:id/describe', handle((req, res) => {
    const { org } = localsOf(res);
    const id = normalizeId(String(req.params.id));
    const view = req.params.type === 'Contact' && id ? org.listViews.get(id) : undefined;
    if (!view) throw sfErrors.notFound();
    res.json({
      id: view.id,
      sobjectType: 'Contact',
      query: queryOfListView(view),
      columns: ['Id', 'FirstName', 'LastName', 'Email'].map((name) => ({ fieldNameOrPath: name, label: name, sortable: true, hidden: name === 'Id' })),
      orderBy: [{ fieldNameOrPath: 'Id', sortDirection: 'ascending', nullsPosition: 'first' }],
      scope: 'everything',
      whereCondition: null,
    });
  }));
  return router;
}
