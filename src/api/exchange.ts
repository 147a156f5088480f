import type { HttpClient } from '@actions/http-client';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Failure } from './retry.js';
import { certificateFailure } from './tls.js';

/** An answer as it came, whatever its status. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** What bounds one attempt: the call's deadline (as a signal) and how long the connection may stay silent. */
export interface AttemptLimits {
  signal: AbortSignal;
  idleMs: number;
}

/**
 * One request: the answer, or the failure when there was none (a refused certificate, no answer). Sent with Node's
 * own request and http-client's agent (keep-alive, `https_proxy` and `no_proxy`) rather than HttpClient.request,
 * which can be neither aborted nor given a deadline: a server that accepts the connection and never answers would
 * hold the step for as long as the socket timeout, again on every retry.
 */
export async function exchange(
  http: HttpClient,
  method: string,
  url: string,
  body: string | null,
  headers: Record<string, string>,
  limits: AttemptLimits,
): Promise<Answer | Failure> {
  const target = new URL(url);
  // Every request names the action (callers pass no user agent of their own: fetch.ts drops Octokit's).
  // Stryker disable next-line StringLiteral: httpClient() always sets a user agent; the fallback only satisfies the type
  const userAgent = http.userAgent ?? 'functions-access-key';
  try {
    return await send(method, target, body, { ...headers, 'user-agent': userAgent }, http, limits);
  } catch (error) {
    return certificateFailure(error, target.host) ?? { kind: 'network', error: error instanceof Error ? error : new Error(String(error)) };
  }
}

function send(method: string, url: URL, body: string | null, headers: Record<string, string>, http: HttpClient, { signal, idleMs }: AttemptLimits): Promise<Answer> {
  // Stryker disable next-line ConditionalExpression,StringLiteral: Node's http.request also speaks TLS when handed http-client's https agent, as it always is for an https URL; the choice only says what is meant
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: http.getAgent(url.href), signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      // Cut off mid-answer (the deadline, an idle connection, a reset): no answer to trust. Every way an answer
      // ends comes to 'close'; after 'end' it is complete and the promise already settled.
      res.on('close', () => res.complete || reject(new Error('the answer was cut off')));
    });
    req.setTimeout(idleMs, () => req.destroy(new Error(`no answer for ${idleMs / 1000}s`)));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
