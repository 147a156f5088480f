// One loopback listener for every fake: plain HTTP, or HTTPS with a certificate from test/fake/tls.ts. Counts TLS
// handshakes, full and resumed, so that a test or the benchmark can tell how many a step made.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ServerCredentials } from './tls.js';

export interface ListenOptions {
  /** Port to listen on (default 0: any free port). The address is always 127.0.0.1. */
  port?: number;
  /** Serve HTTPS with this key and certificate; plain HTTP without. */
  tls?: ServerCredentials;
  /**
   * The host name in the fake's URL (default 127.0.0.1), e.g. `localhost`, or a name that only a test's proxy
   * resolves (to this listener). The certificate must cover it.
   */
  host?: string;
}

/** TLS handshakes the server completed: `full` ones and `resumed` sessions (counted apart; full excludes them). */
export interface TlsCounts {
  full: number;
  resumed: number;
}

export interface Listener {
  server: Server;
  /** `http(s)://<host>:<port>` */
  url: string;
  tls: TlsCounts;
}

export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, options: ListenOptions = {}): Promise<Listener> {
  const tls: TlsCounts = { full: 0, resumed: 0 };
  const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createHttpServer(handler);
  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.isSessionReused()) tls.resumed++;
    else tls.full++;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return { server, url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`, tls };
}
