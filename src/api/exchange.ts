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
  const named = Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent');
  try {
    return await send(method, target, body, named ? headers : { ...headers, 'user-agent': http.userAgent ?? 'functions-access-key' }, http, limits);
  } catch (error) {
    return certificateFailure(error, target.host) ?? { kind: 'network', error: error instanceof Error ? error : new Error(String(error)) };
  }
}

function send(method: string, url: URL, body: string | null, headers: Record<string, string>, http: HttpClient, { signal, idleMs }: AttemptLimits): Promise<Answer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: http.getAgent(url.href), signal }, (res) => {
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
    req.end(body ?? undefined);
  });
}
