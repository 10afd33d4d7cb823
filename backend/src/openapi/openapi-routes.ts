import express, { type Router } from 'express';
import type { OpenApiDocument } from './build-openapi-document';

/** GET /api/v1/openapi.json: public, so that a client can be generated before anyone has a token. */
export function createOpenApiRouter(document: OpenApiDocument): Router {
  const router = express.Router();
  const body = JSON.stringify(document);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').setHeader('Cache-Control', 'no-cache');
    res.send(body);
  });
  return router;
}
