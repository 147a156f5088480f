import type { Server } from 'node:http';

/**
 * Waits until a fake's HTTP server has no open connection, up to `ms`; returns how many are still open. A client
 * that disposes of its kept-alive sockets lets the process exit at once, which this makes observable. The fakes
 * keep their server private (they have no need to show it), so it is read through a cast.
 */
export async function openConnections(fake: object, ms = 1_000): Promise<number> {
  const server = (fake as { server?: Server }).server;
  if (!server) throw new Error('openConnections: this fake has no `server` field any more');
  const count = () => new Promise<number>((resolve, reject) => server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
  const deadline = Date.now() + ms;
  let open = await count();
  while (open > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    open = await count();
  }
  return open;
}
