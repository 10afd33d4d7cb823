import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export type RunningServer = {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43121 */
  url: string;
  close(): Promise<void>;
};

/** Listens on loopback (port 0 picks a free port) and resolves once the socket is bound. */
export async function listen(app: Express, port = 0, host = '127.0.0.1'): Promise<RunningServer & { server: Server }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${boundPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
