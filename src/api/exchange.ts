import type { Agent as HttpAgent, IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** From @actions/http-client's `getAgent()`: keep-alive, and tunnelling through `https_proxy` unless `no_proxy`. */
  agent: HttpAgent;
  /** Ends the exchange wherever it is (connecting, sending, waiting, reading). */
  signal: AbortSignal;
  /** Ends it when the connection stays silent this long. */
  idleMs: number;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One HTTP request and its whole answer. Node's own request with the client's agent rather than HttpClient.request,
 * which can be neither aborted nor given a deadline: a server that accepts the connection and never answers would
 * hold the step for as long as the socket timeout, again on every retry.
 */
export function exchange({ method, url, headers, body, agent, signal, idleMs }: Exchange): Promise<Answer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      // Cut off mid-answer (the deadline, an idle connection, a reset): no answer to trust.
      const cutOff = () => reject(new Error('the answer was cut off'));
      res.on('error', cutOff);
      res.on('close', () => res.complete || cutOff());
    });
    req.setTimeout(idleMs, () => req.destroy(new Error(`no answer for ${idleMs / 1000}s`)));
    req.on('error', reject);
    req.end(body);
  });
}
