// The two event forms DigitalOcean hands a raw web function, reduced to one request.
import { describe, expect, it } from 'vitest';
import { readEvent } from '../../src/broker/event.js';

const JSON_BODY = '{"namespace":"widgets-prod"}';
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('readEvent', () => {
  it("reads DigitalOcean's event.http", () => {
    const request = readEvent({
      http: { method: 'post', path: '/keys/', headers: { Authorization: 'Bearer t', 'X-Count': 3 }, queryString: 'namespace=fn-1&x=2', body: JSON_BODY, isBase64Encoded: false },
    });
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/keys');
    expect(request.headers).toEqual({ authorization: 'Bearer t' });
    expect(request.query.get('namespace')).toBe('fn-1');
    expect(request.query.get('x')).toBe('2');
    expect(request.body).toBe(JSON_BODY);
  });

  it('decodes event.http.body when it says it is base64, even one that opens with a brace', () => {
    expect(readEvent({ http: { body: base64(JSON_BODY), isBase64Encoded: true } }).body).toBe(JSON_BODY);
    expect(readEvent({ http: { body: '{e30=', isBase64Encoded: false } }).body).toBe('{e30=');
  });

  it("reads OpenWhisk's __ow_* form, whose JSON body is base64", () => {
    const request = readEvent({ __ow_method: 'delete', __ow_path: 'keys/dof_v1_1', __ow_headers: { authorization: 'Bearer t' }, __ow_query: 'namespace=fn-2', __ow_body: base64(JSON_BODY) });
    expect(request).toMatchObject({ method: 'DELETE', path: '/keys/dof_v1_1', headers: { authorization: 'Bearer t' }, body: JSON_BODY });
    expect(request.query.get('namespace')).toBe('fn-2');
  });

  it('takes a body without the flag as text when it opens with a brace, else as base64', () => {
    expect(readEvent({ __ow_body: `  ${JSON_BODY}` }).body).toBe(`  ${JSON_BODY}`);
    expect(readEvent({ __ow_body: base64(JSON_BODY) }).body).toBe(JSON_BODY);
    expect(readEvent({ http: { body: base64(JSON_BODY) } }).body).toBe(JSON_BODY);
  });

  it.each([undefined, null, 'text', [], {}, { http: 'x' }])('makes an empty request of %j', (event) => {
    const request = readEvent(event);
    expect(request).toMatchObject({ method: '', path: '/', headers: {}, body: '' });
    expect([...request.query]).toEqual([]);
  });

  it('ignores fields of the wrong type', () => {
    expect(readEvent({ http: { method: 1, path: ['x'], headers: ['a'], queryString: 2, body: 3 } })).toMatchObject({ method: '', path: '/', headers: {}, body: '' });
  });
});
