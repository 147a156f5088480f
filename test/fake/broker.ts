// The committed broker bundle served on loopback as DigitalOcean serves a raw web function: the file is evaluated
// the way the Node.js runtime evaluates a single-file function (its `main`, else `module.exports.main`), with the
// environment project.yml gives it, and each HTTP request becomes `main`'s event, in DigitalOcean's `event.http`
// form or OpenWhisk's `__ow_*` form. What the function logs is kept, for assertions and the leak check.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../e2e/runner.js';

export const BROKER_BUNDLE = join(REPO_ROOT, 'broker/packages/functions-access-key/broker/index.js');

export type EventForm = 'http' | 'ow';
type Main = (event: unknown) => Promise<{ statusCode?: number; headers?: Record<string, string>; body?: unknown }>;

/**
 * Loads the bundle as the runtime does: its code in a function, `main` taken by name or from the module's exports.
 * `process.env` is `env` and `console.log` goes to `log`, for this copy only.
 */
export function loadBundle(env: Record<string, string>, log: (line: string) => void, file = BROKER_BUNDLE): { byName: Main; exported: Main } {
  const module = { exports: {} as Record<string, unknown> };
  const scoped = new Proxy(process, {
    get: (target, name) => {
      if (name === 'env') return env;
      const value = Reflect.get(target, name) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const quiet = { ...console, log: (...args: unknown[]) => log(args.join(' ')), error: (...args: unknown[]) => log(args.join(' ')) };
  const code = readFileSync(file, 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('module', 'exports', 'require', 'process', 'console', `${code}\nreturn main;`) as (...args: unknown[]) => Main;
  const byName = run(module, module.exports, createRequire(file), scoped, quiet);
  return { byName, exported: module.exports.main as Main };
}

export interface BrokerHostOptions {
  env: Record<string, string>;
  form?: EventForm;
}

export class BrokerHost {
  /** The function's URL: …/api/v1/web/<namespace>/functions-access-key/broker */
  readonly url: string;
  /** The function's log lines (one JSON line per decision). */
  readonly logs: string[] = [];
  /** The events main received. */
  readonly events: unknown[] = [];
  private readonly main: Main;

  private constructor(
    private readonly server: Server,
    private readonly form: EventForm,
    env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/web/fn-${randomUUID()}/functions-access-key/broker`;
    this.main = loadBundle(env, (line) => this.logs.push(line)).byName;
  }

  static async start({ env, form = 'http' }: BrokerHostOptions): Promise<BrokerHost> {
    let host: BrokerHost | undefined;
    const server = createServer((req, res) => void host?.handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = new BrokerHost(server, form, env);
    return host;
  }

  /** The decision lines, parsed. */
  decisions(): Record<string, unknown>[] {
    return this.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => 'decision' in entry);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://broker');
    const prefix = new URL(this.url).pathname;
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
    const query = url.search.slice(1);
    const event =
      this.form === 'http'
        ? { http: { method: req.method, headers, path, queryString: query, body: body.toString('utf8'), isBase64Encoded: false } }
        : // OpenWhisk sends the method in lower case and a JSON body base64-encoded.
          { __ow_method: req.method?.toLowerCase(), __ow_headers: headers, __ow_path: path, __ow_query: query, __ow_body: body.toString('base64') };
    this.events.push(event);
    let result: Awaited<ReturnType<Main>>;
    try {
      result = await this.main(event);
    } catch (error) {
      // An action that throws: the platform answers 502 with the error.
      result = { statusCode: 502, body: { error: String(error) } };
    }
    const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body ?? '');
    res.writeHead(result.statusCode ?? 200, { 'content-type': 'application/json', ...result.headers });
    res.end(text);
  }
}
