import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
// Only the files the page loads; the package's own index.html points at a public demo API.
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>VoiceAgent CRM API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// A file rather than an inline script, so the page runs under script-src 'self'. No
// validatorUrl: Swagger UI would otherwise send the document to a public validator.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

/** /api/docs: Swagger UI served from the swagger-ui-dist package (no CDN), reading /api/v1/openapi.json. */
export function createDocsRouter(): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').setHeader('Cache-Control', 'no-cache');
    res.send(PAGE);
  });
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT_SCRIPT);
  });
  router.get('/:asset', (req, res, next) => {
    const { asset } = req.params;
    if (!ASSETS.has(asset)) return next();
    // The package lives under node_modules/.pnpm: a dot-folder, which send refuses by default.
    res.sendFile(path.join(SWAGGER_UI_DIR, asset), { maxAge: '1d', dotfiles: 'allow' });
  });
  return router;
}
