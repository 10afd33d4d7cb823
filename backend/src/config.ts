import path from 'node:path';
import { z } from 'zod';

/**
 * The environment, parsed once at start-up. This is the only module that reads process.env;
 * everything else receives the typed `AppConfig`. Every variable is documented in .env.example.
 */
const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());
const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url().optional());

const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: optionalUrl,
    BACKEND_URL: optionalUrl,
    FRONTEND_URL: optionalUrl,
    WEB_DIST_DIR: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    JSON_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'a size such as 100kb or 1mb').default('1mb'),
    SUPABASE_URL: optionalUrl,
    SUPABASE_ANON_KEY: optionalString,
    SUPABASE_JWT_SECRET: optionalString,
    JWT_AUDIENCE: z.string().min(1).default('authenticated'),
    LOCAL_AUTH_JWT_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'at least 32 characters').optional()),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  });

/** Rules between variables, checked even when single variables are wrong so one message names all. */
function crossVariableProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (env.SUPABASE_URL && !env.SUPABASE_ANON_KEY) problems.push('  SUPABASE_ANON_KEY: required when SUPABASE_URL is set');
  return problems;
}

export type AuthConfig =
  | { mode: 'supabase'; supabaseUrl: string; anonKey: string; jwtSecret?: string; audience: string }
  | { mode: 'local'; jwtSecret?: string; audience: string; accessTokenTtlSeconds: number };

export type AppConfig = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Absolute path holding the embedded database and generated local secrets. */
  dataDir: string;
  databaseUrl?: string;
  /** Public origin of this API, e.g. http://localhost:4000 (OAuth redirect URIs are built from it). */
  backendUrl: string;
  /** The only origin CORS admits and the only place OAuth callbacks redirect to. */
  frontendUrl: string;
  webDistDir: string;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  jsonBodyLimit: string;
  auth: AuthConfig;
};

export class ConfigError extends Error {}

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ZEnv.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)),
    ...crossVariableProblems(env),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid environment:\n${problems.join('\n')}\nSee .env.example for every variable.`);
  }
  const e = parsed.data;
  // pnpm runs package scripts inside the package folder; INIT_CWD is where the user typed the command.
  const baseDir = env.INIT_CWD ?? process.cwd();
  const backendUrl = stripSlash(e.BACKEND_URL ?? `http://localhost:${e.PORT}`);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(baseDir, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    backendUrl,
    frontendUrl: stripSlash(e.FRONTEND_URL ?? backendUrl),
    webDistDir: e.WEB_DIST_DIR ? path.resolve(baseDir, e.WEB_DIST_DIR) : path.join(REPO_ROOT, 'apps/web/dist'),
    logLevel: e.LOG_LEVEL,
    jsonBodyLimit: e.JSON_BODY_LIMIT,
    auth: e.SUPABASE_URL
      ? {
          mode: 'supabase',
          supabaseUrl: stripSlash(e.SUPABASE_URL),
          anonKey: e.SUPABASE_ANON_KEY ?? '',
          jwtSecret: e.SUPABASE_JWT_SECRET,
          audience: e.JWT_AUDIENCE,
        }
      : { mode: 'local', jwtSecret: e.LOCAL_AUTH_JWT_SECRET, audience: e.JWT_AUDIENCE, accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS },
  };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
