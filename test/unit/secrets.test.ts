// What gets masked, before anything is printed.
import { describe, expect, it } from 'vitest';
import { maskAccessKey, maskInputTokens } from '../../src/secrets.js';
import { recordingCore } from './core.js';

describe('maskInputTokens', () => {
  it('masks the token input and the github-token input', () => {
    const record = recordingCore({ token: ' dop_v1_input ', 'github-token': 'ghs_abc' });
    maskInputTokens(record.core, { DIGITALOCEAN_ACCESS_TOKEN: 'dop_v1_env' });
    expect(record.secrets).toEqual(['dop_v1_input', 'ghs_abc']);
  });

  it('masks DIGITALOCEAN_ACCESS_TOKEN when the token input is empty', () => {
    const record = recordingCore();
    maskInputTokens(record.core, { DIGITALOCEAN_ACCESS_TOKEN: 'dop_v1_env' });
    expect(record.secrets).toEqual(['dop_v1_env']);
  });

  it('registers no empty mask when there is no token', () => {
    const record = recordingCore();
    maskInputTokens(record.core, {});
    expect(record.secrets).toEqual([]);
  });
});

describe('maskAccessKey', () => {
  it('masks the secret, id:secret and its base64 (the basic-auth header), not the ID', () => {
    const record = recordingCore();
    maskAccessKey(record.core, 'dof_v1_abc', 's3cret');
    expect(record.secrets).toEqual(['s3cret', 'dof_v1_abc:s3cret', Buffer.from('dof_v1_abc:s3cret').toString('base64')]);
    expect(Buffer.from(record.secrets[2]!, 'base64').toString()).toBe('dof_v1_abc:s3cret');
  });
});
