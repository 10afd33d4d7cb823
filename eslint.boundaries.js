// The boundaries ARCHITECTURE.md names, as import-x/no-restricted-paths zones: `target` may not
// import from `from`. Kept apart from eslint.config.js so a test can lint a fixture with them.
import { readdirSync } from 'node:fs';

const backend = './backend/src';

/** Everything in backend/src but the providers and the registry that wires them. */
function outsideProviders() {
  const root = new URL('./backend/src/', import.meta.url);
  const top = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.name !== 'crm');
  const crm = readdirSync(new URL('crm/', root), { withFileTypes: true }).filter((entry) => !['providers', 'registry.ts'].includes(entry.name));
  return [...top.map((entry) => `${backend}/${entry.name}`), ...crm.map((entry) => `${backend}/crm/${entry.name}`)];
}

/** routes → services → repositories → db; providers only behind CRMService (the registry wires them). */
export const backendLayerZones = [
  {
    target: `${backend}/**/*-repository.ts`,
    from: [`${backend}/**/*-service.ts`, `${backend}/**/*-routes.ts`, `${backend}/app.{ts,js}`],
    message: 'A repository is below the services and the routes.',
  },
  {
    target: `${backend}/**/*-service.ts`,
    from: [`${backend}/**/*-routes.ts`, `${backend}/app.{ts,js}`],
    message: 'A service is below the routes: return data, throw AppError.',
  },
  {
    target: `${backend}/http`,
    from: [`${backend}/agents`, `${backend}/campaigns`, `${backend}/crm`, `${backend}/me`, `${backend}/openapi`, `${backend}/audit`],
    message: 'http/ (errors, validation, limits, mounting) sits below the features that use it: pass what it needs in.',
  },
  {
    // The mount helper hands handlers the verified user (a type); auth's middleware and services are passed in.
    target: `${backend}/http`,
    from: `${backend}/auth`,
    except: ['./token-verifier.ts'],
    message: 'http/ takes authentication as middleware passed in; it may name only the verified user type.',
  },
  {
    target: `${backend}/crm/provider-http`,
    from: [`${backend}/crm/crm-service.ts`, `${backend}/crm/providers`, `${backend}/crm/registry.ts`],
    message: 'The provider HTTP client sits below CRMService and the providers.',
  },
  {
    target: `${backend}/db`,
    from: [`${backend}/agents`, `${backend}/auth`, `${backend}/campaigns`, `${backend}/crm`, `${backend}/http`, `${backend}/me`, `${backend}/openapi`],
    message: 'db/ is the bottom layer.',
  },
  {
    target: outsideProviders(),
    from: `${backend}/crm/providers`,
    message: 'Providers are reached only through CRMService (the registry builds them).',
  },
];

/** Each web feature stands alone: app/ composes features, features use lib/, components/, config/ and hooks/. */
export function webFeatureZones(features) {
  const web = './apps/web/src';
  return [
    ...features.map((feature) => ({
      target: `${web}/features/${feature}`,
      from: `${web}/features`,
      except: [`./${feature}`],
      message: 'Features do not import each other; share through lib/ or components/, or compose in app/.',
    })),
    {
      target: [`${web}/lib`, `${web}/components`, `${web}/config`, `${web}/hooks`],
      from: [`${web}/features`, `${web}/app`],
      message: 'Shared web code sits below the features and the app.',
    },
  ];
}

/** Packages are libraries: they import no app, and the contract imports nothing of ours. */
export const packageZones = [
  { target: './packages', from: ['./apps', './backend', './bench'], message: 'Packages do not import apps.' },
  { target: './packages/shared', from: './packages/crm-sandbox', message: 'The contract depends on nothing of ours.' },
  { target: './backend', from: ['./apps', './bench'], message: 'The backend does not import the web app or the benchmarks.' },
  { target: './apps', from: ['./backend', './bench', './packages/crm-sandbox'], message: 'The web app talks to the backend over HTTP only.' },
];
