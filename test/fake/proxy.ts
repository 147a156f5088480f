// An HTTP CONNECT proxy on loopback, as a self-hosted runner's corporate proxy would be (https_proxy): it logs every
// CONNECT line it is asked for and tunnels the bytes, so a test can prove from the proxy's own log which requests
// went through it. It does the DNS for its clients, as a real proxy does, from a fixed table: names under `.test`
// (RFC 2606, never real) are this machine, and so is 0.0.0.0; other IP literals must be loopback. It never connects
// anywhere else.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, type Socket, connect, isIP } from 'node:net';

export class ConnectProxy {
  /** `http://127.0.0.1:PORT`, the value for https_proxy. */
  readonly url: string;
  /** `CONNECT host:port` for every tunnel asked for, in order. */
  readonly log: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => this.tunnel(req, client, head));
  }

  static async start(): Promise<ConnectProxy> {
    // Anything but CONNECT (a plain-HTTP proxy request) is refused: the action only speaks HTTPS through a proxy.
    const server = createServer((_req, res) => res.writeHead(405, { connection: 'close' }).end());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new ConnectProxy(server);
  }

  /** The tunnels asked for to this host (`host:port`, as in the CONNECT line). */
  tunnelsTo(hostPort: string): number {
    return this.log.filter((line) => line === `CONNECT ${hostPort}`).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    this.log.push(`CONNECT ${req.url}`);
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? '');
    const address = match ? resolve(match[1] as string) : undefined;
    client.on('error', () => undefined);
    if (!match || !address) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(Number(match[2]), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }
}

/** The proxy's DNS: `.test` names and 0.0.0.0 are 127.0.0.1; other IP literals only if loopback; nothing else. */
function resolve(host: string): string | undefined {
  if (/\.test$/i.test(host) || host === '0.0.0.0') return '127.0.0.1';
  if (isIP(host) === 4) return host.startsWith('127.') ? host : undefined;
  if (isIP(host) === 6) return host === '::1' || /^(?:0*:)*:?ffff:(?:127\.|7f)/i.test(host) ? host : undefined;
  return undefined;
}
