import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildOpenApiDocument } from './build-openapi-document';

/**
 * Writes the OpenAPI document to a file (`pnpm openapi:lint` lints it; client generators read
 * it): `tsx backend/src/openapi/write-openapi-cli.ts <file>`.
 */
const target = process.argv[2];
if (!target) {
  console.error('usage: write-openapi-cli.ts <output file>');
  process.exit(2);
}
const document = buildOpenApiDocument({ serverUrl: '/' });
await mkdir(path.dirname(path.resolve(target)), { recursive: true });
await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`OpenAPI document with ${Object.keys(document.paths ?? {}).length} paths written to ${target}\n`);
