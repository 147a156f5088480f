import type { Clock } from './clock.js';
import { type Failure, type RetryPolicy, isRetryable } from './retry.js';
import { Transport } from './transport.js';

/** A key DigitalOcean just made may be refused for a few seconds while it propagates: retried this long. */
export const PROPAGATION_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 1_000, capMs: 8_000, budgetMs: 30_000 };

const refused = (failure: Failure) => failure.kind === 'status' && (failure.status === 401 || failure.status === 403);

/**
 * Proves an access key works, the way doctl checks one: `GET <api_host>/api/v1/namespaces` under basic auth
 * `id:secret` lists the namespace. A refusal (401, 403) is retried like a 5xx, within PROPAGATION_RETRY.
 * Throws when the key still does not work.
 */
export async function verifyAccessKey(options: { apiHost: string; namespace: string; id: string; secret: string; clock: Clock; log: (message: string) => void }): Promise<void> {
  const { apiHost, namespace, id, secret, clock, log } = options;
  const authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const transport = new Transport({ baseUrl: apiHost, authorization, clock, log });
  try {
    const { body } = await transport.request<unknown>('GET', '/api/v1/namespaces', undefined, {
      retry: PROPAGATION_RETRY,
      retryable: (failure) => isRetryable(failure) || refused(failure),
    });
    if (!Array.isArray(body) || !body.includes(namespace)) {
      throw new Error(`GET ${apiHost}/api/v1/namespaces answered ${JSON.stringify(body)}, which does not list namespace ${namespace}`);
    }
  } finally {
    transport.dispose();
  }
}
