// The bundle's stand-in for undici: constructing a ProxyAgent must work (http-client builds one when
// @actions/github is imported with a proxy set), using one, or undici's fetch, must fail loudly.
import { describe, expect, it } from 'vitest';
import { ProxyAgent, fetch } from '../../src/stubs/undici.js';

describe('undici stub', () => {
  it('constructs a ProxyAgent harmlessly and refuses to dispatch through it', () => {
    const agent = new ProxyAgent();
    expect(() => agent.dispatch()).toThrow('undici is not bundled with functions-access-key (HttpClient.getAgentDispatcher is not supported)');
  });

  it('refuses fetch, which the action replaces with its own', () => {
    expect(() => fetch()).toThrow("undici is not bundled with functions-access-key: requests go through the action's own fetch (src/api/fetch.ts)");
  });
});
