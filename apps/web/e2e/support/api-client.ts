import type { z } from 'zod';

type Write = { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown };

/**
 * The API as the signed-in person, for specs that compare the screens with what the API says:
 * every answer is parsed with the shared contract's schema, and a non-2xx fails the test with the
 * server's own error body.
 */
export function createApi(productUrl: string, token: string) {
  return async <S extends z.ZodType>(path: string, schema: S, write?: Write): Promise<z.output<S>> => {
    const method = write?.method ?? 'GET';
    const hasBody = write?.body !== undefined;
    const response = await fetch(`${productUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
      body: hasBody ? JSON.stringify(write.body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
    return schema.parse(await response.json());
  };
}
export type Api = ReturnType<typeof createApi>;
