// Stand-in for undici in the bundle (see tsconfig.json "paths"). Two packages import it:
// - @actions/http-client, for getAgentDispatcher(): with a proxy set, @actions/github calls it when it is
//   imported (its default `request.fetch`), so ProxyAgent must construct; using it is an error.
// - @actions/github, for `fetch`, which the action's GitHub client (src/api/github.ts) replaces with its own
//   (src/api/fetch.ts); never called.
// Requests of this action go through http-client's own agent, which handles proxies (tunnel).
const NOT_BUNDLED = 'undici is not bundled with functions-access-key';

export class ProxyAgent {
  dispatch(): never {
    throw new Error(`${NOT_BUNDLED} (HttpClient.getAgentDispatcher is not supported)`);
  }
}

export function fetch(): never {
  throw new Error(`${NOT_BUNDLED}: requests go through the action's own fetch (src/api/fetch.ts)`);
}
