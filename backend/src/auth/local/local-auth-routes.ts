import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../http/app-error';
import type { TokenVerifier } from '../token-verifier';
import type { AuthRateLimits } from './auth-rate-limits';
import { GoTrueError } from './gotrue-error';
import type { LocalAuthService } from './local-auth-service';

/**
 * The part of Supabase Auth's HTTP API (`/auth/v1`) that supabase-js uses for email + password,
 * so the web app and other clients use supabase-js unchanged in local mode. These routes follow
 * GoTrue's contract (its shapes, statuses and error bodies), not the product API's.
 */
// auth.users.email is varchar(255).
const ZCredentials = z.object({ email: z.string().max(255), password: z.string().max(1024), data: z.record(z.string(), z.unknown()).optional() });
const ZRefresh = z.object({ refresh_token: z.string().min(1).max(512) });
const ZEmail = z.email();

export type LocalAuthRouterDeps = {
  auth: LocalAuthService;
  verify: TokenVerifier;
  anonKey: string;
  jsonBodyLimit: string;
  rateLimits: AuthRateLimits;
};

export function createLocalAuthRouter(deps: LocalAuthRouterDeps): Router {
  const { auth, verify, anonKey, rateLimits } = deps;
  const router = express.Router();
  router.use(express.json({ limit: deps.jsonBodyLimit }));

  // Supabase's gateway refuses requests without the project's API key; so do we.
  router.use((req, _res, next) => {
    const key = req.get('apikey') ?? req.query.apikey;
    if (key !== anonKey) throw new GoTrueError(401, 'no_api_key', 'Invalid API key');
    next();
  });

  // Counted before anything is parsed or hashed: a refused attempt costs a counter, not a hash.
  const onGrant = (grantType: string, limits: RequestHandler[]): RequestHandler[] =>
    limits.map((limit) => (req, res, next) => (req.query.grant_type === grantType ? limit(req, res, next) : next()));

  router.post('/signup', ...rateLimits.credentials, async (req, res) => {
    const { email, password, data } = parseCredentials(req.body);
    res.json(await auth.signUp(email, password, data ?? {}));
  });

  router.post('/token', ...onGrant('password', rateLimits.credentials), ...onGrant('refresh_token', rateLimits.refresh), async (req, res) => {
    const grantType = req.query.grant_type;
    if (grantType === 'password') {
      const { email, password } = parseCredentials(req.body);
      res.json(await auth.signInWithPassword(email, password, { ip: req.ip ?? null }));
    } else if (grantType === 'refresh_token') {
      const parsed = ZRefresh.safeParse(req.body);
      if (!parsed.success) throw new GoTrueError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      res.json(await auth.refresh(parsed.data.refresh_token));
    } else {
      throw new GoTrueError(400, 'validation_failed', 'unsupported_grant_type');
    }
  });

  router.get('/user', async (req, res) => {
    const user = await verifyBearer(req, verify);
    res.json(await auth.getUser(user.id));
  });

  router.post('/logout', async (req, res) => {
    const user = await verifyBearer(req, verify);
    const scope = z.enum(['global', 'local', 'others']).catch('global').parse(req.query.scope);
    const sessionId = typeof user.claims.session_id === 'string' ? user.claims.session_id : undefined;
    await auth.signOut(user.id, sessionId, scope);
    res.status(204).end();
  });

  router.use((_req, _res, next) => next(new GoTrueError(404, 'not_found', 'Not found')));
  router.use(goTrueErrorHandler);
  return router;
}

function parseCredentials(body: unknown): z.infer<typeof ZCredentials> {
  const parsed = ZCredentials.safeParse(body ?? {});
  if (!parsed.success) throw new GoTrueError(400, 'validation_failed', 'Email and password are required');
  const email = parsed.data.email.trim();
  if (!ZEmail.safeParse(email).success) throw new GoTrueError(400, 'validation_failed', 'Unable to validate email address: invalid format');
  return { ...parsed.data, email };
}

async function verifyBearer(req: Request, verify: TokenVerifier) {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  if (!match?.[1]) throw new GoTrueError(401, 'no_authorization', 'This endpoint requires a Bearer token');
  try {
    return await verify(match[1]);
  } catch (error) {
    if (error instanceof AppError) throw new GoTrueError(403, 'bad_jwt', `invalid JWT: ${error.message}`);
    throw error;
  }
}

const goTrueErrorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  if (error instanceof GoTrueError) {
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(error.status).json(error.toBody());
    return;
  }
  const type = typeof error === 'object' && error !== null && 'type' in error ? (error as { type: unknown }).type : undefined;
  if (type === 'entity.parse.failed') {
    res.status(400).json(new GoTrueError(400, 'bad_json', 'Could not parse request body as JSON').toBody());
    return;
  }
  if (type === 'entity.too.large') {
    res.status(413).json(new GoTrueError(413, 'request_too_large', 'Request body too large').toBody());
    return;
  }
  // The body parser's other refusals (an unsupported charset or encoding, an aborted upload)
  // and a malformed URL are the client's: they carry their own 4xx.
  const status = typeof error === 'object' && error !== null && 'status' in error ? (error as { status: unknown }).status : undefined;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json(new GoTrueError(status, 'validation_failed', 'Could not read the request').toBody());
    return;
  }
  req.log?.error({ err: error }, 'local auth error');
  res.status(500).json(new GoTrueError(500, 'unexpected_failure', 'Unexpected failure').toBody());
};
