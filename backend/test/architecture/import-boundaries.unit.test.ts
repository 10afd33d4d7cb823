import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The workspace's own lint configuration, run on code that crosses each boundary ARCHITECTURE.md
// names. The files need not exist: ESLint lints the text as if it stood at that path.
const root = fileURLToPath(new URL('../../../', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? [])
    .filter((message) => ['import-x/no-restricted-paths', 'import-x/no-cycle', 'no-restricted-imports'].includes(message.ruleId ?? ''))
    .map((message) => message.message);
}

describe('pnpm lint: the boundaries between layers and packages', () => {
  it('refuses a repository that imports a service', async () => {
    const errors = await boundaryErrors('backend/src/agents/fixture-repository.ts', "export { createAgentsService } from './agents-service';\n");
    expect(errors.join('\n')).toMatch(/A repository is below the services/);
  });

  it('refuses a service that imports a router or Express', async () => {
    const errors = await boundaryErrors(
      'backend/src/agents/fixture-service.ts',
      "import express from 'express';\nexport { createApp } from '../app';\nexport const router = express.Router();\n",
    );
    expect(errors.join('\n')).toMatch(/A service is below the routes/);
    expect(errors.join('\n')).toMatch(/never see HTTP/);
  });

  it('refuses a provider reached around CRMService', async () => {
    const errors = await boundaryErrors('backend/src/campaigns/fixture-service.ts', "export { HubSpotService } from '../crm/providers/hubspot/hubspot-service';\n");
    expect(errors.join('\n')).toMatch(/Providers are reached only through CRMService/);
  });

  it('refuses http/ importing the features above it, or auth beyond the verified user type', async () => {
    const feature = await boundaryErrors('backend/src/http/fixture.ts', "export { createCrmRegistry } from '../crm/registry';\n");
    expect(feature.join('\n')).toMatch(/http\/ .* sits below the features/);
    const auth = await boundaryErrors('backend/src/http/fixture.ts', "export { getUser } from '../auth/require-user';\n");
    expect(auth.join('\n')).toMatch(/http\/ takes authentication as middleware passed in/);
    expect(await boundaryErrors('backend/src/http/fixture.ts', "export type { AuthenticatedUser } from '../auth/token-verifier';\n")).toEqual([]);
  });

  it('refuses one web feature importing another', async () => {
    const errors = await boundaryErrors('apps/web/src/features/agents/fixture.ts', "export { useCrmCredentials } from '../crm/api/get-crm-credentials';\n");
    expect(errors.join('\n')).toMatch(/Features do not import each other/);
  });

  it('refuses a package importing an app, and a benchmark reaching into backend files', async () => {
    const fromPackage = await boundaryErrors('packages/shared/src/fixture.ts', "export { createApp } from '../../../backend/src/app';\n");
    expect(fromPackage.join('\n')).toMatch(/Packages do not import apps/);
    const fromBench = await boundaryErrors('bench/fixture.ts', "export { loadConfig } from '../backend/src/config';\n");
    expect(fromBench.join('\n')).toMatch(/bench depends on the backend package/);
  });

  it('accepts imports that follow the direction', async () => {
    const errors = await boundaryErrors(
      'backend/src/agents/fixture-service.ts',
      "export { AppError } from '../http/app-error';\nexport { withUser } from '../db/transactions';\nexport type { CRMService } from '../crm/crm-service';\n",
    );
    expect(errors).toEqual([]);
  });
});
