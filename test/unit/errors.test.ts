// The one message prefix, and the next step for the API failures users hit most.
import { describe, expect, it } from 'vitest';
import { ActionError, InputError, describe as describeError, explain } from '../../src/errors.js';

describe('errors', () => {
  it('an input error names the input, the problem and the accepted form', () => {
    const error = new InputError('expiration', '`2w` is not a duration', '`<int>h`');
    expect(error).toBeInstanceOf(ActionError);
    expect(error.name).toBe('InputError');
    expect(error.input).toBe('expiration');
    expect(error.message).toBe('input `expiration`: `2w` is not a duration. Expected `<int>h`.');
    expect(new ActionError('x').name).toBe('ActionError');
  });

  it('describes errors by their message and anything else as text', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(42)).toBe('42');
  });

  it('prefixes every message and adds the hint for the status', () => {
    expect(explain(new ActionError('it broke'))).toBe('functions-access-key: it broke');
    expect(explain('text')).toBe('functions-access-key: text');
    expect(explain(undefined)).toBe('functions-access-key: undefined');
    const withStatus = (status: unknown) => Object.assign(new Error('failed'), { status });
    expect(explain(withStatus(401))).toMatch(/^functions-access-key: failed Check that `token` is a current DigitalOcean API token/);
    expect(explain(withStatus(403))).toMatch(/^functions-access-key: failed The token needs the `function:admin` scope/);
    expect(explain(withStatus(404))).toMatch(/^functions-access-key: failed Check `namespace`/);
    expect(explain(withStatus(429))).toMatch(/^functions-access-key: failed The token's rate limit is spent/);
    expect(explain(withStatus(500))).toBe('functions-access-key: failed');
    expect(explain(withStatus('401'))).toBe('functions-access-key: failed');
  });
});
