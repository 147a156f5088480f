// A TCP relay on loopback that makes the network between a client and a fake as slow as a real one: every byte takes
// half the round-trip time each way, and a new connection's first bytes arrive as if the TCP handshake had cost a
// round trip first. So TCP connect, the TLS handshake and each request cost one round trip each, as on the internet
// (a fake's own latencyMs only delays requests: connecting and handshaking would be free). Used by the benchmark.
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';

export class LatencyRelay {
  /** The port to connect to instead of the target's. */
  readonly port: number;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: number,
    private readonly rttMs: number,
  ) {
    this.port = (server.address() as AddressInfo).port;
    server.on('connection', (client) => this.relay(client));
  }

  static async start(targetPort: number, rttMs: number): Promise<LatencyRelay> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return new LatencyRelay(server, targetPort, rttMs);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    const upstream = connect(this.target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    const oneWay = this.rttMs / 2;
    // A real client sends nothing before its SYN is answered: its first bytes leave one round trip after it began.
    forward(client, upstream, oneWay, Date.now() + this.rttMs);
    forward(upstream, client, oneWay, 0);
  }
}

/** Copies `from` to `to`, each chunk `delayMs` late (and never before `notBefore`), in order. */
function forward(from: Socket, to: Socket, delayMs: number, notBefore: number): void {
  let last = 0;
  from.on('data', (chunk: Buffer) => {
    const at = Math.max(Date.now() + delayMs, notBefore + delayMs, last);
    last = at;
    setTimeout(() => to.write(chunk), at - Date.now());
  });
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - Date.now())));
}
