// Stand-in for undici in the bundle (see tsconfig.json "paths"). @actions/http-client only reaches it
// through getAgentDispatcher(), a fetch() helper this action never calls; proxies still work through
// http-client's own agent (tunnel). Failing loudly beats a silent wrong dispatcher if that ever changes.
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with functions-access-key (HttpClient.getAgentDispatcher is not supported)');
  }
}

// @actions/github imports fetch for its proxy path only (getProxyFetch), reached after getAgentDispatcher above.
export function fetch(): never {
  throw new Error('undici is not bundled with functions-access-key (proxy fetch is not supported)');
}
