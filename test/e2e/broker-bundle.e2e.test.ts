// The committed broker bundle and its project: what `doctl serverless deploy broker` deploys. The bundle holds
// nothing of the runner side, loads the ways DigitalOcean's Node.js runtime loads a function, and project.yml
// pins what the issue asks for.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BROKER_BUNDLE, loadBundle } from '../fake/broker.js';
import { REPO_ROOT } from './runner.js';

const code = readFileSync(BROKER_BUNDLE, 'utf8');
/** The modules esbuild put in the bundle, from the `// <path>` line it writes before each. */
const modules = [...code.matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)].map((m) => m[1] as string);

describe('the broker bundle', () => {
  it('holds the broker, the runner-agnostic API layer and its libraries, and nothing of the runner side', () => {
    expect(modules).toContain('src/broker/broker.ts');
    expect(modules).toContain('src/api/digitalocean.ts');
    const ours = modules.filter((path) => path.startsWith('src/'));
    expect(ours.filter((path) => !/^src\/(broker\/|api\/|duration\.ts$|stubs\/)/.test(path))).toEqual([]);
    const packages = new Set(modules.filter((path) => path.startsWith('node_modules/')).map((path) => path.split('/').slice(1, path.startsWith('node_modules/@') ? 3 : 2).join('/')));
    expect([...packages].sort()).toEqual(['@actions/http-client', 'jose', 'tunnel']);
    expect(code).not.toMatch(/@actions\/core|@actions\/github|runner\.js|run-main|inputs\.ts/);
  });

  it("exports main the ways the runtime takes it: by name in a single-file function, from the module's exports in a zip", async () => {
    const { byName, exported } = loadBundle({}, () => undefined);
    expect(byName).toBeTypeOf('function');
    expect(exported).toBe(byName);
    // Without configuration it runs, and refuses every request with the reason.
    const response = await byName({ http: { method: 'POST', path: '/keys' } });
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(String(response.body)).message).toBe('The broker refuses to start: DIGITALOCEAN_TOKEN is not set: set it to a DigitalOcean API token with the function:admin scope.');
  });

  it('is CommonJS for Node.js 22: no import statements, no top-level await', () => {
    expect(code).not.toMatch(/^import |^export |^await /m);
    expect(code.startsWith('// functions-access-key broker: built by `npm run build`')).toBe(true);
  });
});

describe('broker/project.yml', () => {
  const project = parse(readFileSync(join(REPO_ROOT, 'broker/project.yml'), 'utf8')) as {
    packages: { name: string; actions: { name: string; runtime: string; web: unknown; environment: Record<string, string>; limits: Record<string, number> }[] }[];
  };
  const [pkg] = project.packages;
  const [action] = pkg!.actions;

  it('deploys one raw web function on a pinned Node.js 22 or newer', () => {
    expect(pkg!.name).toBe('functions-access-key');
    expect(action!.name).toBe('broker');
    expect(action!.web).toBe('raw');
    expect(action!.runtime).toMatch(/^nodejs:(2[2-9]|[3-9]\d)$/);
    expect(action!.limits.timeout).toBeGreaterThanOrEqual(15_000);
  });

  it("names the committed bundle as the function's only file", () => {
    const dir = join(REPO_ROOT, 'broker/packages', pkg!.name, action!.name);
    expect(readdirSync(dir)).toEqual(['index.js']);
    expect(join(dir, 'index.js')).toBe(BROKER_BUNDLE);
  });

  it('fills the environment from .env at deploy time, the policy quoted so that it stays text', () => {
    expect(action!.environment).toEqual({ DIGITALOCEAN_TOKEN: '${DIGITALOCEAN_TOKEN}', BROKER_POLICY: '${BROKER_POLICY}' });
    expect(readFileSync(join(REPO_ROOT, 'broker/project.yml'), 'utf8')).toContain("BROKER_POLICY: '${BROKER_POLICY}'");
    expect(readFileSync(join(REPO_ROOT, '.gitignore'), 'utf8')).toMatch(/^broker\/\.env$/m);
  });
});
