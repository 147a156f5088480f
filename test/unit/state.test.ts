// What main hands to post: saved under the runner's state names, read back by post, never a secret.
import { describe, expect, it } from 'vitest';
import { KeyState, revocable } from '../../src/state.js';
import { recordingCore } from './core.js';

describe('key state', () => {
  it('saves each field under its state name and keeps main its own copy', () => {
    const record = recordingCore();
    const state = new KeyState(record.core);
    state.set('keyName', 'gha-app-1-1-deploy-abc123');
    state.set('namespace', 'fn-1');
    state.set('keyId', 'dof_v1_a');
    state.set('expiresAt', '2026-06-01T13:00:00Z');
    state.set('revoked', 'true');
    expect(record.saved).toEqual({
      'key-name': 'gha-app-1-1-deploy-abc123',
      namespace: 'fn-1',
      'key-id': 'dof_v1_a',
      'expires-at': '2026-06-01T13:00:00Z',
      revoked: 'true',
    });
    expect(state.saved).toEqual({ keyName: 'gha-app-1-1-deploy-abc123', namespace: 'fn-1', keyId: 'dof_v1_a', expiresAt: '2026-06-01T13:00:00Z', revoked: 'true' });
  });

  it('post reads back what main saved, and leaves out what main never saved or cleared', () => {
    const main = recordingCore();
    const state = new KeyState(main.core);
    state.set('keyName', 'gha-x');
    state.set('namespace', 'fn-1');
    state.set('keyId', '');
    const post = recordingCore({}, main.saved);
    expect(KeyState.load(post.core)).toEqual({ keyName: 'gha-x', namespace: 'fn-1' });
    expect(KeyState.load(recordingCore({}, { 'key-id': 'dof_v1_b', 'expires-at': 'e', revoked: 'true' }).core)).toEqual({
      keyId: 'dof_v1_b',
      expiresAt: 'e',
      revoked: 'true',
    });
  });
});

describe('revocable', () => {
  it('is the saved key once both its name and namespace are known', () => {
    const saved = { keyName: 'gha-x', namespace: 'fn-1', keyId: 'dof_v1_a', expiresAt: 'e' };
    expect(revocable(saved)).toEqual(saved);
    expect(revocable({ keyName: 'gha-x', namespace: 'fn-1' })).toEqual({ keyName: 'gha-x', namespace: 'fn-1' });
  });

  it('is undefined before the create request (no namespace) or after a refused one (name cleared)', () => {
    expect(revocable({})).toBeUndefined();
    expect(revocable({ keyName: 'gha-x' })).toBeUndefined();
    expect(revocable({ namespace: 'fn-1', keyId: 'dof_v1_a' })).toBeUndefined();
    expect(revocable({ keyName: '', namespace: 'fn-1' })).toBeUndefined();
    expect(revocable({ keyName: 'gha-x', namespace: '' })).toBeUndefined();
  });
});
