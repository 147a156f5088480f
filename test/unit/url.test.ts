// Where credentials may be sent: https, or http on loopback only; no user info, query or fragment.
import { describe, expect, it } from 'vitest';
import { credentialUrlProblem } from '../../src/api/url.js';

describe('credentialUrlProblem', () => {
  it.each(['https://api.example', 'https://api.example:8443/v2', 'http://localhost:8080', 'http://127.0.0.1', 'http://127.10.200.30:9', 'http://[::1]:1'])('accepts %s', (url) => {
    expect(credentialUrlProblem(new URL(url))).toBeUndefined();
  });

  it.each<[string, string]>([
    ['http://api.example', '`http://api.example` would send credentials in clear text'],
    ['http://127.0.0.1.nip.io', '`http://127.0.0.1.nip.io` would send credentials in clear text'],
    ['http://128.0.0.1', '`http://128.0.0.1` would send credentials in clear text'],
    ['ftp://127.0.0.1', '`ftp://127.0.0.1` would send credentials in clear text'],
    ['ws://localhost', '`ws://localhost` would send credentials in clear text'],
    ['https://user@api.example', 'it must not carry credentials, a query or a fragment'],
    ['https://:pass@api.example', 'it must not carry credentials, a query or a fragment'],
    ['https://api.example/?a=1', 'it must not carry credentials, a query or a fragment'],
    ['https://api.example/#x', 'it must not carry credentials, a query or a fragment'],
  ])('refuses %s', (url, problem) => {
    expect(credentialUrlProblem(new URL(url))).toBe(problem);
  });
});
