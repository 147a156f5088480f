// The broker's routes, in process (createBroker) against the fake OIDC issuer and the DigitalOcean fake over
// loopback: what it mints, what it refuses and why, replays, deleting, and the one log line per decision.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { systemClock } from '../../src/api/clock.js';
import { type Handler, createBroker } from '../../src/broker/broker.js';
import { FakeOidcIssuer, pushToMain } from '../fake/oidc.js';
import { FakeDigitalOcean, type NamespaceInfo } from '../fake/server.js';

const AUDIENCE = 'functions-access-key';
// Retries without waiting.
const clock: Clock = { ...systemClock, sleep: async () => undefined };

let fake: FakeDigitalOcean;
let issuer: FakeOidcIssuer;
let prod: NamespaceInfo;
let staging: NamespaceInfo;
let logs: string[];

const RULES = [
  { name: 'deploy', namespaces: ['widgets-prod'], repository_id: '100200300', ref: 'refs/heads/main', max_expiration: '2h' },
  { name: 'staging', namespaces: ['widgets-staging'], repository_id: '100200300', max_expiration: '6h' },
];

function broker(rules: object[] = RULES, env: Record<string, string> = {}): Handler {
  return createBroker({
    env: { DIGITALOCEAN_TOKEN: fake.token, BROKER_POLICY: JSON.stringify({ rules }), OIDC_ISSUER: issuer.url, API_URL: fake.url, ...env },
    clock,
    write: (line) => logs.push(line),
  });
}

const token = (claims: Record<string, unknown> = {}) => issuer.sign({ aud: AUDIENCE, ...claims });

function post(handler: Handler, bearer: string | undefined, body: unknown) {
  const headers = bearer === undefined ? {} : { authorization: `Bearer ${bearer}` };
  return call(handler, { method: 'POST', path: '/keys', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function del(handler: Handler, bearer: string, keyId: string, namespace: string) {
  return call(handler, { method: 'DELETE', path: `/keys/${encodeURIComponent(keyId)}`, headers: { authorization: `Bearer ${bearer}` }, queryString: `namespace=${namespace}` });
}

async function call(handler: Handler, http: Record<string, unknown>) {
  const response = await handler({ http });
  expect(response.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

const decisions = () => logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => 'decision' in entry);
const v2Requests = () => fake.requests.filter((r) => r.path.startsWith('/v2/')).map((r) => `${r.method} ${r.path}`);

beforeEach(async () => {
  fake = await FakeDigitalOcean.start({ rateLimit: false });
  issuer = await FakeOidcIssuer.start();
  prod = fake.addNamespace({ label: 'widgets-prod' });
  staging = fake.addNamespace({ label: 'widgets-staging' });
  logs = [];
});
afterEach(async () => {
  await fake.close();
  await issuer.close();
});

describe('POST /keys', () => {
  it('mints a key for a token the policy trusts, and logs the decision without a secret', async () => {
    const handler = broker();
    const bearer = await token();
    const { status, body } = await post(handler, bearer, { namespace: 'widgets-prod', expiration: '2h' });
    expect(status).toBe(201);
    const [key] = fake.keys(prod.namespace);
    expect(body).toEqual({
      id: key!.id,
      name: key!.name,
      secret: key!.secret,
      expires_at: key!.expires_at,
      created_at: key!.created_at,
      namespace: prod.namespace,
      label: 'widgets-prod',
      region: 'nyc1',
      api_host: fake.url,
      request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(Date.parse(key!.expires_at!) - Date.parse(key!.created_at)).toBe(2 * 3_600_000);
    expect(key!.name).toMatch(/^gha-acme-widgets-4242-1-[0-9a-f]{16}$/);
    expect(v2Requests()).toEqual([
      'GET /v2/functions/namespaces',
      `GET /v2/functions/namespaces/${prod.namespace}/keys`,
      `GET /v2/functions/namespaces/${staging.namespace}/keys`,
      `POST /v2/functions/namespaces/${prod.namespace}/keys`,
    ]);
    expect(decisions()).toEqual([
      {
        time: expect.any(String),
        request_id: body.request_id,
        action: 'mint',
        decision: 'allowed',
        status: 201,
        repository: 'acme/widgets',
        repository_id: '100200300',
        run_id: '4242',
        run_attempt: '1',
        ref: 'refs/heads/main',
        event_name: 'push',
        namespace: prod.namespace,
        rule: 'deploy',
        key_id: key!.id,
        key_name: key!.name,
        expires_at: key!.expires_at,
      },
    ]);
    for (const secret of [bearer, key!.secret, fake.token]) expect(logs.join('\n')).not.toContain(secret);
    expect(fake.requests.every((r) => r.headers['user-agent'] === 'functions-access-key-broker')).toBe(true);
  });

  it('takes the namespace by ID, in any case, and 1h by default', async () => {
    const { status, body } = await post(broker(), await token(), { namespace: prod.namespace.toUpperCase() });
    expect(status).toBe(201);
    expect(body.namespace).toBe(prod.namespace);
    const [key] = fake.keys(prod.namespace);
    expect(Date.parse(key!.expires_at!) - Date.parse(key!.created_at)).toBe(3_600_000);
  });

  it.each<[string, string | undefined, RegExp]>([
    ['no Authorization header', undefined, /^Send the GitHub OIDC token as `Authorization: Bearer <token>` \(the workflow needs `permissions: id-token: write`\)\.$/],
    ['a token that does not verify', 'x.y.z', /^The OIDC token was refused: the bearer value is not a valid signed JWT\.$/],
  ])('401 with %s', async (_, bearer, message) => {
    const { status, body } = await post(broker(), bearer, { namespace: 'widgets-prod' });
    expect(status).toBe(401);
    expect(body).toMatchObject({ id: 'unauthorized', message: expect.stringMatching(message) });
    expect(v2Requests()).toEqual([]);
    expect(decisions()[0]).toMatchObject({ action: 'mint', decision: 'denied', status: 401, reason: body.message });
  });

  it.each<[string, (t: string) => string, number]>([
    ['lower case bearer', (t) => `bearer ${t}`, 201],
    ['two spaces', (t) => `Bearer  ${t}`, 201],
    ['something after the token', (t) => `Bearer ${t} extra`, 401],
    ['something before Bearer', (t) => `xBearer ${t}`, 401],
    ['Basic', (t) => `Basic ${t}`, 401],
  ])('Authorization with %s: %i', async (_, header, status) => {
    const response = await call(broker(), { method: 'POST', path: '/keys', headers: { authorization: header(await token()) }, body: JSON.stringify({ namespace: 'widgets-prod' }) });
    expect(response.status).toBe(status);
  });

  it('takes 12h when a rule allows it, and a 255-character namespace as a name to look up', async () => {
    const handler = broker([{ ...RULES[0]!, max_expiration: '12h' }]);
    expect((await post(handler, await token(), { namespace: 'widgets-prod', expiration: '12h' })).status).toBe(201);
    expect((await post(handler, await token(), { namespace: 'a'.repeat(255) })).status).toBe(403);
  });

  it("401 for a token with GitHub's default audience, saying which to ask for", async () => {
    const { status, body } = await post(broker(), await issuer.sign({ aud: 'https://github.com/acme' }), { namespace: 'widgets-prod' });
    expect(status).toBe(401);
    expect(body.message).toContain("request it with that audience (`audience` input, `core.getIDToken('functions-access-key')`)");
  });

  it.each<[string, string | object, RegExp]>([
    ['a body that is not JSON', 'namespace=widgets-prod', /^Send a JSON body `\{ "namespace": "<ID or label>", "expiration": "1h" \}`\.$/],
    ['a JSON list', '[]', /^Send a JSON body/],
    ['JSON null', 'null', /^Send a JSON body/],
    ['a JSON string', '"widgets-prod"', /^Send a JSON body/],
    ['a namespace that is a number', { namespace: 5 }, /^Send a JSON body/],
    ['no namespace', { expiration: '1h' }, /^Send a JSON body/],
    ['an empty namespace', { namespace: '' }, /^Send a JSON body/],
    ['a namespace with a control character', { namespace: 'a\nb' }, /^Send a JSON body/],
    ['a namespace too long', { namespace: 'a'.repeat(256) }, /^Send a JSON body/],
    ['a day-long key', { namespace: 'widgets-prod', expiration: '1d' }, /^`expiration` must be `<int>h` from 1h to 12h \(e\.g\. `1h`\), not "1d"\.$/],
    ['13h', { namespace: 'widgets-prod', expiration: '13h' }, /^`expiration` must be/],
    ['minutes', { namespace: 'widgets-prod', expiration: '30m' }, /^`expiration` must be/],
    ['a number', { namespace: 'widgets-prod', expiration: 1 }, /not 1\.$/],
  ])('400 for %s, before the token is checked', async (_, body, message) => {
    const response = await post(broker(), 'x.y.z', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ id: 'bad_request', message: expect.stringMatching(message) });
  });

  it('403 when no rule matches the workflow, before any DigitalOcean request', async () => {
    issuer.run = pushToMain({ ref: 'refs/heads/dev' });
    const { status, body } = await post(broker([RULES[0]!]), await token(), { namespace: 'widgets-prod' });
    expect(status).toBe(403);
    expect(body.message).toBe('No rule grants namespace widgets-prod to repository acme/widgets (id 100200300) on ref refs/heads/dev, event push.');
    expect(v2Requests()).toEqual([]);
    expect(decisions()[0]).toMatchObject({ decision: 'denied', status: 403, ref: 'refs/heads/dev', repository_id: '100200300' });
  });

  it('403 for a workflow in another repository, even one that copies the name', async () => {
    issuer.run = pushToMain({ repository_id: '666' });
    const { status, body } = await post(broker(), await token(), { namespace: 'widgets-prod' });
    expect(status).toBe(403);
    expect(body.id).toBe('forbidden');
    expect(fake.keys(prod.namespace)).toEqual([]);
  });

  it('403 for a namespace no matching rule grants, and for one the account does not have, alike', async () => {
    const handler = broker();
    issuer.run = pushToMain({ ref: 'refs/heads/dev' });
    // The staging rule matches any ref, but grants staging only.
    const other = await post(handler, await token(), { namespace: 'widgets-prod' });
    const missing = await post(handler, await token(), { namespace: 'nowhere' });
    expect([other.status, missing.status]).toEqual([403, 403]);
    expect(missing.body.message).toBe('No rule grants namespace nowhere to repository acme/widgets (id 100200300) on ref refs/heads/dev, event push.');
  });

  it('403 for a longer key than any granting rule allows, naming the most it may ask for', async () => {
    const rules = [RULES[0]!, { ...RULES[0]!, name: 'longer', max_expiration: '4h' }];
    const { status, body } = await post(broker(rules), await token(), { namespace: 'widgets-prod', expiration: '6h' });
    expect(status).toBe(403);
    expect(body.message).toBe('Rule longer grants namespace widgets-prod to this workflow for at most 4h, not 6h: ask for 4h or less.');
    expect(fake.keys(prod.namespace)).toEqual([]);
  });

  it('names the granting rule with the longest limit, the first of equals, not one for another namespace', async () => {
    expect((await post(broker(), await token(), { namespace: 'widgets-prod', expiration: '4h' })).body.message).toBe(
      'Rule deploy grants namespace widgets-prod to this workflow for at most 2h, not 4h: ask for 2h or less.',
    );
    const twins = [RULES[0]!, { ...RULES[0]!, name: 'twin' }];
    expect((await post(broker(twins), await token(), { namespace: 'widgets-prod', expiration: '4h' })).body.message).toMatch(/^Rule deploy grants/);
  });

  it('502, not 409, when DigitalOcean refuses the create for another reason', async () => {
    fake.inject({ method: 'POST', status: 422 });
    const { status, body } = await post(broker(), await token(), { namespace: 'widgets-prod' });
    expect(status).toBe(502);
    expect(body.message).toMatch(/^DigitalOcean: POST \/v2\/functions\/namespaces\/fn-[\w-]+\/keys failed: 422 unprocessable_entity/);
  });

  it('500 for what it did not expect, saying what happened', async () => {
    fake.inject({ method: 'GET', path: '/v2/functions/namespaces', body: { namespaces: 'none' } });
    const { status, body } = await post(broker(), await token(), { namespace: 'widgets-prod' });
    expect(status).toBe(500);
    expect(body).toMatchObject({ id: 'misconfigured', message: 'The broker failed: namespaces.filter is not a function' });
  });

  it('takes the first granting rule that allows the expiration', async () => {
    const rules = [RULES[0]!, { ...RULES[0]!, name: 'longer', max_expiration: '4h' }];
    await post(broker(rules), await token(), { namespace: 'widgets-prod', expiration: '3h' });
    expect(decisions()[0]).toMatchObject({ status: 201, rule: 'longer' });
  });

  it('400 for a label two granted namespaces share', async () => {
    const twin = fake.addNamespace({ label: 'widgets-prod' });
    const { status, body } = await post(broker(), await token(), { namespace: 'widgets-prod' });
    expect(status).toBe(400);
    expect(body.message).toBe(`Several namespaces are labelled widgets-prod (${prod.namespace}, ${twin.namespace}): ask for one by its ID.`);
  });

  describe('one key per token', () => {
    it('409 for the same token again, without a second key', async () => {
      const handler = broker();
      const bearer = await token();
      const first = await post(handler, bearer, { namespace: 'widgets-prod' });
      const again = await post(handler, bearer, { namespace: 'widgets-prod' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ id: 'conflict', message: `This OIDC token was already used (key ${first.body.id}): request a fresh token for every key.` });
      expect(fake.keys(prod.namespace)).toHaveLength(1);
    });

    it('409 in a fresh container too, and for another namespace the token may use', async () => {
      const bearer = await token();
      const first = await post(broker(), bearer, { namespace: 'widgets-prod' });
      const elsewhere = await post(broker(), bearer, { namespace: 'widgets-staging' });
      expect(elsewhere.status).toBe(409);
      expect(elsewhere.body.message).toContain(String(first.body.id));
      expect(fake.keys(staging.namespace)).toEqual([]);
    });

    it('409 after the key was deleted, in the container that minted it', async () => {
      const handler = broker();
      const bearer = await token();
      const first = await post(handler, bearer, { namespace: 'widgets-prod' });
      expect((await del(handler, await token(), String(first.body.id), prod.namespace)).status).toBe(200);
      expect((await post(handler, bearer, { namespace: 'widgets-prod' })).status).toBe(409);
      expect(fake.keys(prod.namespace)).toEqual([]);
    });

    it('one key for two requests with one token at once', async () => {
      const handler = broker();
      const bearer = await token();
      const answers = await Promise.all([post(handler, bearer, { namespace: 'widgets-prod' }), post(handler, bearer, { namespace: 'widgets-prod' })]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)?.body.message).toMatch(/^This OIDC token was already used \(key (being minted|dof_v1_\w+)\)/);
      expect(fake.keys(prod.namespace)).toHaveLength(1);
    });

    it('a new key for a fresh token of the same run', async () => {
      const handler = broker();
      await post(handler, await token(), { namespace: 'widgets-prod' });
      expect((await post(handler, await token(), { namespace: 'widgets-prod' })).status).toBe(201);
      expect(fake.keys(prod.namespace)).toHaveLength(2);
    });
  });

  it('502 when DigitalOcean makes the key longer-lived than asked; the key is deleted', async () => {
    fake.expiryOverride = () => '30d';
    const { status, body } = await post(broker(), await token(), { namespace: 'widgets-prod' });
    expect(status).toBe(502);
    expect(body).toMatchObject({ id: 'bad_gateway', message: expect.stringMatching(/^DigitalOcean: DigitalOcean created key \S+ with expiry \S+, although 1h was asked for\./) });
    expect(fake.keys(prod.namespace)).toEqual([]);
    expect(decisions()[0]).toMatchObject({ decision: 'failed', status: 502 });
  });

  it('retries DigitalOcean a little, then 502 with what it answered', async () => {
    fake.inject({ method: 'GET', path: '/v2/functions/namespaces', status: 503, times: 5 });
    const { status, body } = await post(broker(), await token(), { namespace: 'widgets-prod' });
    expect(status).toBe(502);
    expect(body.message).toMatch(/^DigitalOcean: GET \/v2\/functions\/namespaces failed: 503 server_error: .* \(gave up after 3 attempts\)$/);
    expect(logs.filter((line) => line.includes('"event":"digitalocean"'))).toHaveLength(2);
  });

  it("401 names the issuer it trusts for another issuer's token", async () => {
    const { body } = await post(broker(), await token({ iss: 'https://evil.example' }), { namespace: 'widgets-prod' });
    expect(body.message).toBe(`The OIDC token was refused: the token was not issued by ${issuer.url}, the issuer this broker trusts.`);
  });

  it('502 when the issuer cannot be reached', async () => {
    const handler = broker(RULES, { OIDC_ISSUER: 'http://127.0.0.1:1' });
    const { status, body } = await post(handler, await token(), { namespace: 'widgets-prod' });
    expect(status).toBe(502);
    expect(body.message).toMatch(/^The broker could not check the token: could not read the issuer's discovery document/);
  });
});

describe('DELETE /keys/<id>', () => {
  async function minted(handler: Handler) {
    const { body } = await post(handler, await token(), { namespace: 'widgets-prod' });
    return String(body.id);
  }

  it("deletes a key minted for the caller's run, for a fresh token of that run", async () => {
    const handler = broker();
    const id = await minted(handler);
    logs.length = 0;
    const { status, body } = await del(handler, await token(), id, prod.namespace);
    expect(status).toBe(200);
    expect(body).toEqual({ deleted: id, request_id: expect.any(String) });
    expect(fake.keys(prod.namespace)).toEqual([]);
    expect(decisions()).toEqual([expect.objectContaining({ action: 'delete', decision: 'allowed', status: 200, key_id: id, namespace: prod.namespace, key_name: expect.stringMatching(/^gha-/) })]);
  });

  it('finds its key among others in the namespace', async () => {
    const handler = broker();
    const other = fake.addKey(prod.namespace, { name: 'someone-else' });
    const id = await minted(handler);
    expect((await del(handler, await token(), id, prod.namespace)).status).toBe(200);
    expect(fake.keys(prod.namespace).map((k) => k.id)).toEqual([other.id]);
  });

  it('502 when DigitalOcean cannot list the keys', async () => {
    fake.inject({ method: 'GET', path: /\/keys$/, status: 503, times: 3 });
    const { status, body } = await del(broker(), await token(), 'dof_v1_x', prod.namespace);
    expect(status).toBe(502);
    expect(body.message).toMatch(/^DigitalOcean: GET /);
  });

  it('403 for a token of another run, and the key stays', async () => {
    const handler = broker();
    const id = await minted(handler);
    issuer.run = pushToMain({ run_id: '9999' });
    const { status, body } = await del(handler, await token(), id, prod.namespace);
    expect(status).toBe(403);
    expect(body.message).toBe(`Key ${id} was not minted by this broker for run 9999 (attempt 1) of acme/widgets: it is not yours to delete.`);
    expect(fake.keys(prod.namespace)).toHaveLength(1);
  });

  it('403 for a key made otherwise, with a gha- name', async () => {
    const seeded = fake.addKey(prod.namespace, { name: 'gha-acme-widgets-4242-1-deploy-abc123' });
    const { status } = await del(broker(), await token(), seeded.id, prod.namespace);
    expect(status).toBe(403);
    expect(fake.keys(prod.namespace)).toHaveLength(1);
  });

  it('403 before any DigitalOcean request for a workflow no rule matches', async () => {
    issuer.run = pushToMain({ repository_id: '666' });
    const { status, body } = await del(broker(), await token(), 'dof_v1_x', prod.namespace);
    expect(status).toBe(403);
    expect(body.message).toBe("No rule of the broker's policy matches repository acme/widgets (id 666) on ref refs/heads/main, event push.");
    expect(v2Requests()).toEqual([]);
  });

  it('404 for a key that is gone, and for a namespace the account does not have', async () => {
    const handler = broker();
    const gone = await del(handler, await token(), 'dof_v1_gone', prod.namespace);
    expect(gone).toMatchObject({ status: 404, body: { id: 'not_found', message: `Namespace ${prod.namespace} has no key dof_v1_gone: it is already gone.` } });
    const nowhere = 'fn-00000000-0000-4000-8000-000000000000';
    expect((await del(handler, await token(), 'dof_v1_x', nowhere)).body.message).toBe(`The account has no namespace ${nowhere}.`);
  });

  it('404 when the key goes between the look-up and the delete', async () => {
    const handler = broker();
    const id = await minted(handler);
    fake.inject({ method: 'DELETE', status: 404 });
    expect((await del(handler, await token(), id, prod.namespace)).body.message).toBe(`Key ${id} is already gone.`);
  });

  it.each(['', 'namespace=widgets-prod', 'namespace=fn-123', 'namespace=xfn-11111111-2222-3333-4444-555555555555', 'namespace=fn-11111111-2222-3333-4444-555555555555x'])('400 without a namespace ID (%j)', async (queryString) => {
    const response = await call(broker(), { method: 'DELETE', path: '/keys/dof_v1_x', headers: { authorization: `Bearer ${await token()}` }, queryString });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('Say which namespace the key is in: `?namespace=<fn-… ID>` (the `namespace` the key was minted with).');
  });

  it('401 without a token', async () => {
    const response = await call(broker(), { method: 'DELETE', path: '/keys/dof_v1_x', headers: {}, queryString: `namespace=${prod.namespace}` });
    expect(response.status).toBe(401);
    expect(decisions()[0]).toMatchObject({ action: 'delete', status: 401, namespace: prod.namespace, key_id: 'dof_v1_x' });
  });
});

describe('anything else', () => {
  it.each<[string, string, number]>([
    ['GET', '/keys', 405],
    ['PUT', '/keys/dof_v1_x', 405],
    ['POST', '/keys/dof_v1_x', 405],
    ['GET', '/', 404],
    ['DELETE', '/keys/a/b', 404],
    ['DELETE', '/x/keys/a', 404],
  ])('%s %s: %i', async (method, path, status) => {
    const response = await call(broker(), { method, path, headers: {} });
    expect(response.status).toBe(status);
    expect(response.body.id).toBe(status === 404 ? 'not_found' : 'method_not_allowed');
    expect(response.body.message).toBe('The broker serves `POST /keys` and `DELETE /keys/<id>?namespace=<fn-…>`.');
  });
});

describe('a configuration the broker refuses', () => {
  it('answers every request 500 with what is wrong, and logs it', async () => {
    const handler = broker([{ namespaces: ['widgets-prod'], ref: 'refs/heads/main' }]);
    const message = 'The broker refuses to start: BROKER_POLICY rule 1: it matches every repository: name `repository_id` (best), `repository_owner_id` or `repository`.';
    const minting = await post(handler, await token(), { namespace: 'widgets-prod' });
    const deleting = await del(handler, await token(), 'dof_v1_x', prod.namespace);
    expect(minting).toMatchObject({ status: 500, body: { id: 'misconfigured', message } });
    expect(deleting.body.message).toBe(message);
    expect(logs.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      { time: expect.any(String), event: 'refused-configuration', message: message.replace('The broker refuses to start: ', '') },
      expect.objectContaining({ action: 'mint', decision: 'failed', status: 500 }),
      expect.objectContaining({ action: 'delete', decision: 'failed', status: 500 }),
    ]);
    expect(fake.requests).toEqual([]);
  });

  it('without the API token', () => {
    const handler = createBroker({ env: { BROKER_POLICY: '{}' }, clock, write: (line) => logs.push(line) });
    expect(handler).toBeTypeOf('function');
    expect(logs[0]).toContain('DIGITALOCEAN_TOKEN is not set');
  });
});
