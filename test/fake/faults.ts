// Fault injection for FakeDigitalOcean.
//
// A fault matches the next `times` requests with the given method and path (both optional) and then expires.
// What it does, in this order:
//   delayMs         wait this long before handling (on top of latencyMs)
//   drop 'before'   destroy the socket without performing the operation or answering
//   status          answer this status with a spec-shaped error body (or `body`) without performing the operation
//   drop 'after'    perform the operation (e.g. really create the key), then destroy the socket without answering
//   hang 'after'    perform the operation, then never answer (the socket stays open: a client killed mid-request)
//   body / headers  without status: perform the operation, then answer its real status with this body / extra headers
//   rawBody         answer this text (text/html) instead of a JSON body: a proxy's error page, or '' for no body; with
//                   status, that status without performing the operation; without, the operation's real status after it
// A fault with only delayMs is a slow, otherwise normal, request.

export interface Fault {
  method?: string;
  /** A string matches the request path (no query string) exactly; a RegExp is tested against it. */
  path?: string | RegExp;
  /** How many matching requests the fault applies to (default 1; Infinity for all). */
  times?: number;
  status?: number;
  body?: object;
  /** A body that is not JSON, sent as text/html: PROXY_ERROR_PAGE, or '' for none. */
  rawBody?: string;
  headers?: Record<string, string>;
  drop?: 'before' | 'after';
  hang?: 'after';
  delayMs?: number;
}

interface ArmedFault extends Fault {
  remaining: number;
}

export class FaultList {
  private faults: ArmedFault[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error('fault.times must be > 0');
    if (fault.drop && fault.status !== undefined) throw new Error('fault: use either drop or status, not both');
    if (fault.rawBody !== undefined && fault.body !== undefined) throw new Error('fault: use either rawBody or body, not both');
    this.faults.push({ ...fault, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  get pending(): number {
    return this.faults.length;
  }

  /** Returns (and uses up one application of) the first fault matching the request, if any. */
  take(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === method.toUpperCase()) &&
        (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (i < 0) return undefined;
    const f = this.faults[i] as ArmedFault;
    if (--f.remaining <= 0) this.faults.splice(i, 1);
    const { remaining: _remaining, ...fault } = f;
    return fault;
  }
}

/** What a load balancer or proxy in front of an API answers when it has no answer from the API behind it. */
export const PROXY_ERROR_PAGE = [
  '<html>',
  '<head><title>502 Bad Gateway</title></head>',
  '<body>',
  '<center><h1>502 Bad Gateway</h1></center>',
  '<hr><center>nginx</center>',
  '</body>',
  '</html>',
  '',
].join('\r\n');

/** The error `id` DigitalOcean uses for a status (the error model says it mirrors the HTTP status). */
export function errorId(status: number): string {
  const ids: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    422: 'unprocessable_entity',
    429: 'too_many_requests',
  };
  // The spec declares one 5xx response, server_error.yml; use its id for every 5xx.
  return status >= 500 ? 'server_error' : (ids[status] ?? 'error');
}

/** Messages from the shared responses in the spec. */
export function errorMessage(status: number): string {
  if (status === 429) return 'API rate limit exceeded.';
  if (status === 401) return 'Unable to authenticate you.';
  if (status === 404) return 'The resource you requested could not be found.';
  if (status === 409) return 'The request could not be completed due to a conflict.';
  if (status >= 500) return 'Unexpected server-side error';
  return 'Injected error';
}
