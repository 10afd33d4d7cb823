import type { Express } from 'express';

/** A route and the functions Express calls for it, in order (the last one answers). */
export type ExpressRoute = { method: string; path: string; handlers: unknown[] };

/** What this walk reads of Express 5's router (the `router` package, 2.x): no public API lists routes. */
type Layer = {
  rawPath?: string | RegExp | Array<string | RegExp>;
  route?: { path: string | RegExp; methods: Record<string, boolean>; stack?: Array<{ handle?: unknown }> };
  handle?: { stack?: Layer[] };
};

/**
 * Every route the app answers, with its full path ('/api/v1/agents/:id'), found by walking the
 * router stack through each mounted router. Fails loudly if Express's internals stop looking
 * as expected, rather than finding nothing and passing.
 */
export function listExpressRoutes(app: Express): ExpressRoute[] {
  const router = (app as unknown as { router?: { stack?: Layer[] } }).router;
  if (!Array.isArray(router?.stack)) throw new Error('app.router.stack is missing: Express 5 internals changed');
  const routes: ExpressRoute[] = [];
  walk(router.stack, '', routes);
  return routes;
}

function walk(stack: Layer[], prefix: string, routes: ExpressRoute[]): void {
  for (const layer of stack) {
    if (!('rawPath' in layer)) throw new Error('layer.rawPath is missing: the router package changed (walk needs router >= 2.3)');
    if (layer.route) {
      const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all');
      if (!Array.isArray(layer.route.stack)) throw new Error('route.stack is missing: the router package changed');
      const handlers = layer.route.stack.map((inner) => inner.handle);
      for (const path of [layer.rawPath ?? layer.route.path].flat()) {
        for (const method of methods) routes.push({ method, path: typeof path === 'string' ? prefix + path : `${prefix}${String(path)}`, handlers });
      }
      continue;
    }
    const inner = layer.handle?.stack;
    if (!Array.isArray(inner)) continue;
    const mount = layer.rawPath;
    if (typeof mount !== 'string') throw new Error(`a router mounted at ${String(mount)}: only string mount paths are walked`);
    walk(inner, prefix + (mount === '/' ? '' : mount), routes);
  }
}
