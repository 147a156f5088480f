// Contract checks against the vendored OpenAPI fragments (test/fixtures/openapi/openapi.yaml).
//
// Two ways to use it:
//  - validateRequest(req): in-process, synchronous check of one request (e.g. an entry of FakeDigitalOcean.requests).
//  - startPrismProxy(upstream): the real Stoplight Prism in proxy mode with --errors, forwarding to the fake;
//    a request that does not match the spec is answered 422 by Prism and never reaches the fake.
//
// Both work from a bundle of the spec: the upstream fragments' x-codeSamples point at example files that the
// reference folder does not contain (examples/python/*.yml), and Prism aborts on a missing $ref file. loadSpec()
// dereferences every $ref itself (with the `yaml` package), drops x-codeSamples, and startPrismProxy() hands Prism
// that bundle as a temporary JSON file. The vendored files stay unmodified.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const SPEC_PATH = fileURLToPath(new URL('../fixtures/openapi/openapi.yaml', import.meta.url));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** The subset of a JSON schema (OpenAPI 3.0 flavour) that the vendored fragments use. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  readOnly?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | Schema;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, unknown>;
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDoc {
  openapi: string;
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, string[]>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
  paths: Record<string, Record<string, Operation>>;
}

const OMIT_KEYS = new Set(['x-codeSamples']);

/** Loads the root document and inlines every $ref (file and JSON-pointer), leaving out x-codeSamples. */
export function loadSpec(path: string = SPEC_PATH): OpenApiDoc {
  const files = new Map<string, Json>();
  const load = (file: string): Json => {
    let doc = files.get(file);
    if (doc === undefined) {
      doc = parse(readFileSync(file, 'utf8')) as Json;
      files.set(file, doc);
    }
    return doc;
  };
  const pointer = (doc: Json, ptr: string): Json => {
    let node = doc;
    for (const raw of ptr.split('/').slice(1)) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || !(part in node)) throw new Error(`bad $ref pointer ${ptr}`);
      node = (node as Record<string, Json>)[part] as Json;
    }
    return node;
  };
  const deref = (node: Json, file: string, stack: string[]): Json => {
    if (Array.isArray(node)) return node.map((n) => deref(n, file, stack));
    if (node === null || typeof node !== 'object') return node;
    const ref = node.$ref;
    if (typeof ref === 'string') {
      const [target = '', ptr = ''] = ref.split('#');
      const targetFile = target ? resolve(dirname(file), target) : file;
      const key = `${targetFile}#${ptr}`;
      if (stack.includes(key)) throw new Error(`circular $ref ${key}`);
      return deref(pointer(load(targetFile), ptr), targetFile, [...stack, key]);
    }
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) if (!OMIT_KEYS.has(k)) out[k] = deref(v, file, stack);
    return out;
  };
  const root = resolve(path);
  return deref(load(root), root, []) as unknown as OpenApiDoc;
}

// ---------------------------------------------------------------------------------------------------------
// In-process validator
// ---------------------------------------------------------------------------------------------------------

export interface RequestToCheck {
  method: string;
  /** Path without the query string, e.g. /v2/functions/namespaces/fn-1/keys. A query string is ignored. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when there was none. A string is treated as raw text and parsed. */
  body?: unknown;
}

export interface ContractResult {
  ok: boolean;
  operationId?: string;
  errors: string[];
}

let cachedSpec: OpenApiDoc | undefined;

function header(headers: RequestToCheck['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

/** Matches a concrete path against the templated paths of the spec; returns the template and its params. */
function matchPath(spec: OpenApiDoc, path: string): { template: string; params: Record<string, string> } | undefined {
  for (const template of Object.keys(spec.paths)) {
    const names: string[] = [];
    const re = new RegExp(
      '^' +
        template.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`)).replace(/\{([^}]+)\}/g, (_, n: string) => {
          names.push(n);
          return '([^/]+)';
        }) +
        '/?$',
    );
    const m = re.exec(path);
    if (m) return { template, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')])) };
  }
  return undefined;
}

/** Validates a value against the schema subset above; readOnly properties must not be sent in requests. */
export function checkSchema(value: unknown, schema: Schema, at: string, direction: 'request' | 'response'): string[] {
  const errors: string[] = [];
  for (const sub of schema.allOf ?? []) errors.push(...checkSchema(value, sub, at, direction));
  if (schema.anyOf && !schema.anyOf.some((s) => checkSchema(value, s, at, direction).length === 0)) {
    errors.push(`${at}: matches none of anyOf`);
  }
  if (value === null) {
    if (schema.type && !schema.nullable) errors.push(`${at}: must not be null`);
    return errors;
  }
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  const fits = !schema.type || schema.type === actual || (schema.type === 'number' && actual === 'integer');
  if (!fits) {
    errors.push(`${at}: expected ${schema.type}, got ${actual}`);
    return errors;
  }
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    errors.push(`${at}: not a date-time`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above maximum ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((v, i) => errors.push(...checkSchema(v, schema.items as Schema, `${at}[${i}]`, direction)));
  }
  if (actual === 'object' && (schema.type === 'object' || schema.properties)) {
    const obj = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in obj)) errors.push(`${at}: missing required property "${name}"`);
    }
    for (const [name, v] of Object.entries(obj)) {
      const prop = schema.properties?.[name];
      if (prop) {
        if (direction === 'request' && prop.readOnly) errors.push(`${at}.${name}: is readOnly`);
        errors.push(...checkSchema(v, prop, `${at}.${name}`, direction));
      } else if (schema.additionalProperties === false) {
        errors.push(`${at}.${name}: unknown property`);
      }
    }
  }
  return errors;
}

/**
 * Checks one request against the spec: the path and method exist, path params are present, bearer auth is
 * sent where the operation requires it, a JSON content-type accompanies a body, and a required body matches
 * its schema.
 */
export function validateRequest(req: RequestToCheck, spec: OpenApiDoc = (cachedSpec ??= loadSpec())): ContractResult {
  const errors: string[] = [];
  const path = req.path.split('?')[0] ?? req.path;
  const match = matchPath(spec, path);
  if (!match) return { ok: false, errors: [`no path in the spec matches ${path}`] };
  const op = spec.paths[match.template]?.[req.method.toLowerCase()];
  if (!op) return { ok: false, errors: [`${req.method.toUpperCase()} is not defined for ${match.template}`] };

  for (const p of op.parameters ?? []) {
    if (p.in === 'path' && p.required && !match.params[p.name]) errors.push(`path parameter ${p.name} is missing`);
    if (p.in === 'header' && p.required && header(req.headers, p.name.toLowerCase()) === undefined) {
      errors.push(`header ${p.name} is missing`);
    }
  }

  // Operation-level security overrides the root one; an empty list means no auth.
  const security = op.security ?? spec.security ?? [];
  if (security.length > 0) {
    const auth = header(req.headers, 'authorization');
    if (!auth || !/^Bearer\s+\S+/i.test(auth)) errors.push('Authorization: Bearer <token> is missing');
  }

  let body = req.body;
  if (typeof body === 'string') {
    try {
      body = body === '' ? undefined : JSON.parse(body);
    } catch {
      errors.push('body is not valid JSON');
      body = undefined;
    }
  }
  const hasBody = body !== undefined;
  if (hasBody) {
    const ct = header(req.headers, 'content-type');
    if (!ct || !/^application\/json\b/i.test(ct)) errors.push(`content-type must be application/json, got ${ct ?? 'none'}`);
  }
  if (op.requestBody) {
    const schema = op.requestBody.content['application/json']?.schema;
    if (!hasBody) {
      if (op.requestBody.required) errors.push('request body is required');
    } else if (schema) {
      errors.push(...checkSchema(body, schema, 'body', 'request'));
    }
  }
  return { ok: errors.length === 0, operationId: op.operationId, errors };
}

export interface ResponseToCheck {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined> | Headers;
  body?: unknown;
}

/**
 * Checks a response against the operation's declared response for that status (or `default`): the headers
 * the spec lists (ratelimit-*) are present, the content-type is JSON, and the body matches the schema.
 */
export function validateResponse(res: ResponseToCheck, spec: OpenApiDoc = (cachedSpec ??= loadSpec())): ContractResult {
  const path = res.path.split('?')[0] ?? res.path;
  const match = matchPath(spec, path);
  const op = match && spec.paths[match.template]?.[res.method.toLowerCase()];
  if (!op) return { ok: false, errors: [`no operation ${res.method} ${path} in the spec`] };
  const declared = (op.responses[String(res.status)] ?? op.responses.default) as
    | { headers?: Record<string, unknown>; content?: Record<string, { schema?: Schema }> }
    | undefined;
  if (!declared) return { ok: false, operationId: op.operationId, errors: [`status ${res.status} is not declared`] };
  const headers = res.headers instanceof Headers ? Object.fromEntries(res.headers) : res.headers;
  const errors: string[] = [];
  for (const name of Object.keys(declared.headers ?? {})) {
    if (header(headers, name.toLowerCase()) === undefined) errors.push(`header ${name} is missing`);
  }
  const schema = declared.content?.['application/json']?.schema;
  if (declared.content) {
    const ct = header(headers, 'content-type');
    if (!ct || !/^application\/json\b/i.test(ct)) errors.push(`content-type must be application/json, got ${ct ?? 'none'}`);
  }
  if (schema) errors.push(...checkSchema(res.body, schema, 'body', 'response'));
  return { ok: errors.length === 0, operationId: op.operationId, errors };
}

// ---------------------------------------------------------------------------------------------------------
// Prism proxy
// ---------------------------------------------------------------------------------------------------------

export interface PrismProxy {
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts `prism proxy <bundled spec> <upstreamUrl> --errors` on a free loopback port and resolves once it is
 * listening. Requests violating the spec get 422 from Prism; the others are forwarded to upstreamUrl and
 * Prism also checks the upstream's response (violations show up in its log, as an error with --errors).
 */
export async function startPrismProxy(
  upstreamUrl: string,
  opts: { port?: number; timeoutMs?: number; onLog?: (line: string) => void } = {},
): Promise<PrismProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'prism-spec-'));
  const specFile = join(dir, 'openapi.json');
  writeFileSync(specFile, JSON.stringify(loadSpec()));
  const port = opts.port ?? (await freePort());
  const bin = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');
  const child = spawn(
    process.execPath,
    [bin, 'proxy', specFile, upstreamUrl, '--errors', '--host', '127.0.0.1', '--port', String(port), '-v', 'error'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const onData = (b: Buffer): void => {
    output += b.toString();
    opts.onLog?.(b.toString());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  // Prism prints nothing at -v error once it is up, so poll the port: any HTTP answer means it is listening.
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`prism exited with ${child.exitCode}: ${output}`);
    }
    try {
      await fetch(`${url}/__prism_ready`, { signal: AbortSignal.timeout(500) });
      return { url, close };
    } catch {
      if (Date.now() > deadline) {
        await close();
        throw new Error(`prism did not start within ${opts.timeoutMs ?? 30_000} ms: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
