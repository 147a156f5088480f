import { afterEach, describe, expect, inject, it } from 'vitest';
import { FakeGitHub, error, requirePermission } from './server.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe('fake GitHub plumbing', () => {
  it('routes by method and path, also under GHES /api/v3, and checks permissions', async () => {
    fake = await FakeGitHub.start();
    fake.addToken('ghp_write', { permissions: { secrets: 'write' } });
    fake.addToken('ghp_read', { permissions: { secrets: 'read' } });
    fake.route('PUT', /^\/things\/(\w+)$/, (ctx, m) => requirePermission(ctx, 'secrets', 'write') ?? { status: 201, body: { name: m[1], got: ctx.body } });
    const put = (url: string, token: string) =>
      call(url, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ a: 1 }) });

    expect(await put(`${fake.url}/things/x`, 'ghp_write')).toMatchObject({ status: 201, body: { name: 'x', got: { a: 1 } } });
    expect(await put(`${fake.ghesUrl}/things/y`, 'ghp_write')).toMatchObject({ status: 201, body: { name: 'y' } });
    expect(await put(`${fake.url}/things/z`, 'ghp_read')).toMatchObject({ status: 403, body: { required_permission: 'secrets:write' } });
    expect((await call(`${fake.url}/things/x`, { headers: { authorization: 'token ghp_write' } })).status).toBe(405);
    expect((await call(`${fake.url}/nothing`, { headers: { authorization: 'token ghp_write' } })).status).toBe(404);
    expect((await put(`${fake.url}/things/x`, 'ghp_unknown')).status).toBe(401);
    expect(fake.count({ method: 'PUT', path: '/things/y' })).toBe(1);
    expect(fake.writes()).toHaveLength(4);
  });

  it('serves HTTPS at the host name asked for, counting handshakes (the CA is the one test/setup/tls.ts trusts)', async () => {
    fake = await FakeGitHub.start({ tls: inject('trustedTls'), host: 'localhost' });
    expect(fake.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(fake.ghesUrl).toBe(`${fake.url}/api/v3`);
    fake.addToken('t', { permissions: {} });
    fake.route('GET', /^\/ping$/, () => ({ status: 200, body: { pong: true } }));
    expect(await call(`${fake.url}/ping`, { headers: { authorization: 'token t' } })).toMatchObject({ status: 200, body: { pong: true } });
    expect(fake.tlsHandshakes.full).toBe(1);
  });

  it('sends x-ratelimit-* headers and refuses a spent token with 403', async () => {
    let now = Date.UTC(2026, 10, 30, 12);
    fake = await FakeGitHub.start({ perHour: 2, now: () => now });
    fake.addToken('t', { permissions: {} });
    fake.route('GET', /^\/ping$/, () => ({ status: 200, body: {} }));
    const get = () => call(`${fake?.url}/ping`, { headers: { authorization: 'token t' } });
    const first = await get();
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil((now + 3_600_000) / 1000)));
    await get();
    expect(await get()).toMatchObject({ status: 403, body: { message: expect.stringContaining('rate limit') } });
    now += 3_600_000;
    expect((await get()).status).toBe(200);
  });

  it('injects faults: a status with GitHub error body, then the real answer', async () => {
    fake = await FakeGitHub.start();
    fake.addToken('t', { permissions: {} });
    fake.route('GET', /^\/ping$/, () => ({ status: 200, body: { pong: true } }));
    fake.inject({ path: '/ping', status: 502, times: 1 });
    expect(await call(`${fake.url}/ping`, { headers: { authorization: 'token t' } })).toMatchObject({ status: 502, body: { message: 'Server Error' } });
    expect(await call(`${fake.url}/ping`, { headers: { authorization: 'token t' } })).toMatchObject({ status: 200, body: { pong: true } });
    expect(error(404, 'x').body).toMatchObject({ message: 'x', status: '404' });
  });
});
