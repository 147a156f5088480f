import type { Clock } from '../../api/clock.js';
import type { Namespace, NewAccessKey } from '../../api/digitalocean.js';
import { DEFAULT_RETRY } from '../../api/retry.js';
import { ApiError, Transport, describeFailure } from '../../api/transport.js';
import { ActionError, describe } from '../../errors.js';
import type { BrokerOptions } from '../../inputs.js';
import type { Core } from '../../runner.js';
import { maskAccessKey } from '../../secrets.js';
import type { KeyDeleter } from '../revoke.js';

/** What the broker answers to `POST /keys`: the key and its namespace. */
export interface BrokerKey {
  namespace: Namespace;
  key: NewAccessKey;
}

// The broker takes each token once and retries DigitalOcean itself: a second POST with the same token could only be
// refused, so mint is not retried. Deleting is, like any other delete. The one attempt still ends by the usual
// deadline (the broker's function is stopped after 30 s anyway).
const ONCE = { ...DEFAULT_RETRY, maxAttempts: 1 };

const NO_ID_TOKEN =
  "Minting through `broker-url` needs the job's OIDC token, and this job cannot request one: add `permissions: id-token: write` " +
  'to the job or the workflow (pull requests from forks never get one).';

/**
 * The broker's two routes, each with a fresh OIDC token of this job: GitHub's live 5 minutes, and the broker
 * takes each only once. Answers and errors come in DigitalOcean's shape, so the transport (retries, backoff) serves.
 */
export class BrokerClient implements KeyDeleter {
  constructor(
    private readonly broker: BrokerOptions,
    private readonly core: Core,
    private readonly env: Record<string, string | undefined>,
    private readonly clock: Clock,
  ) {}

  /** Asks for a key; it is masked before anything else can print it. */
  async mint(namespace: string, expiration: string): Promise<BrokerKey> {
    this.core.info(`Asking the broker ${this.broker.url} for a ${expiration} key in namespace ${namespace} with the job's OIDC token (audience ${this.broker.audience}).`);
    const body = await this.send<Record<string, unknown>>('POST', '/keys', { namespace, expiration }, true).catch((error: unknown) => {
      throw brokerError('mint a key', error);
    });
    const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : '');
    const [id, secret] = [text('id'), text('secret')];
    if (id && secret) maskAccessKey(this.core, id, secret);
    if (!id || !secret || !text('namespace') || !text('api_host')) throw new ActionError('The broker answered without a key (id, secret, namespace, api_host): is `broker-url` the broker?');
    const expiresAt = body.expires_at === null ? null : text('expires_at');
    return {
      key: { id, secret, name: text('name'), expires_at: expiresAt, created_at: text('created_at') },
      namespace: { namespace: text('namespace'), label: text('label'), region: text('region'), api_host: text('api_host') },
    };
  }

  /** Deletes a key it minted for this run; `false` when it was already gone. */
  async deleteKey(namespace: string, keyId: string): Promise<boolean> {
    try {
      await this.send('DELETE', `/keys/${encodeURIComponent(keyId)}?namespace=${encodeURIComponent(namespace)}`);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw brokerError('delete the key', error);
    }
  }

  /** Main records a broker's key only once the broker named it, so there is never a key to find by name. */
  async deleteKeysNamed(): Promise<string[]> {
    throw new ActionError('The broker deletes keys by ID only.');
  }

  private async send<T>(method: string, path: string, body?: unknown, once = false): Promise<T> {
    const log = (message: string) => this.core.info(message);
    const transport = new Transport({ baseUrl: this.broker.url, token: await this.idToken(), clock: this.clock, log, ...(once && { retry: ONCE }) });
    try {
      return (await transport.request<T>(method, path, body)).body;
    } finally {
      transport.dispose();
    }
  }

  private async idToken(): Promise<string> {
    if (!this.env.ACTIONS_ID_TOKEN_REQUEST_URL || !this.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) throw new ActionError(NO_ID_TOKEN);
    let token: string;
    try {
      token = await this.core.getIDToken(this.broker.audience);
    } catch (error) {
      throw new ActionError(`Could not get the job's OIDC token: ${describe(error)}`);
    }
    this.core.setSecret(token);
    return token;
  }
}

/** The broker's refusal as an ActionError: its message says what to fix, and DigitalOcean's hints do not apply. */
function brokerError(what: string, error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  return new ActionError(`The broker could not ${what}: ${describeFailure(error.failure)}`);
}
