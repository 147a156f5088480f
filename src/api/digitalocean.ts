import { type Failure, isAmbiguous } from './retry.js';
import { ApiError, type Transport, describeFailure } from './transport.js';

/** A Functions namespace as `GET /v2/functions/namespaces` lists it. `uuid`/`key` is the legacy credential. */
export interface Namespace {
  namespace: string;
  label: string;
  region: string;
  api_host: string;
  created_at?: string;
  uuid?: string;
  key?: string;
}

export interface AccessKey {
  id: string;
  name: string;
  created_at: string;
  /** null: the key never expires. */
  expires_at: string | null;
  updated_at?: string;
}

export interface NewAccessKey extends AccessKey {
  /** Returned once, by the create call only. */
  secret: string;
}

const NAMESPACES = '/v2/functions/namespaces';
const keysPath = (namespaceId: string) => `${NAMESPACES}/${encodeURIComponent(namespaceId)}/keys`;

/** The DigitalOcean Functions namespace and access-key endpoints. Knows HTTP and DigitalOcean, not the runner. */
export class DigitalOceanClient {
  constructor(
    private readonly transport: Transport,
    private readonly log: (message: string) => void,
  ) {}

  async listNamespaces(): Promise<Namespace[]> {
    const { body } = await this.transport.request<{ namespaces?: Namespace[] }>('GET', NAMESPACES);
    return body?.namespaces ?? [];
  }

  async getNamespace(id: string): Promise<Namespace> {
    const { body } = await this.transport.request<{ namespace?: Namespace }>('GET', `${NAMESPACES}/${encodeURIComponent(id)}`);
    if (!body?.namespace?.namespace) throw new Error(`GET ${NAMESPACES}/${id} answered without a namespace`);
    return body.namespace;
  }

  async listKeys(namespaceId: string): Promise<AccessKey[]> {
    const { body } = await this.transport.request<{ access_keys?: AccessKey[] }>('GET', keysPath(namespaceId));
    return body?.access_keys ?? [];
  }

  /**
   * Creates a key. When an attempt fails in a way that may have created it anyway (lost answer, 5xx),
   * the key is looked up by its unique name and deleted before the next attempt, so at most one key of
   * this call is ever live, and none if the call fails. `expiresIn` null: the key never expires.
   */
  async createKey(namespaceId: string, name: string, expiresIn: string | null): Promise<NewAccessKey> {
    const removeStray = async (failure: Failure) => {
      if (!isAmbiguous(failure)) return;
      for (const id of await this.deleteKeysNamed(namespaceId, name)) {
        this.log(`Deleted key ${id} (${name}), made by a create request whose answer was lost (${describeFailure(failure)})`);
      }
    };
    let key: NewAccessKey | undefined;
    try {
      const { body } = await this.transport.request<{ access_key?: NewAccessKey }>(
        'POST',
        keysPath(namespaceId),
        expiresIn === null ? { name } : { name, expires_in: expiresIn },
        { beforeRetry: removeStray },
      );
      key = body?.access_key;
    } catch (error) {
      // Stryker disable next-line ConditionalExpression: another error has no failure, and removeStray's throw on that is caught alike
      if (error instanceof ApiError) await removeStray(error.failure).catch(() => undefined);
      throw error;
    }
    if (!key?.id || !key.secret) {
      await this.deleteKeysNamed(namespaceId, name);
      throw new Error(`POST ${keysPath(namespaceId)} answered without a key ID and secret; any key it made was deleted`);
    }
    return key;
  }

  /** Deletes a key; `false` when it was already gone (404). */
  async deleteKey(namespaceId: string, keyId: string): Promise<boolean> {
    try {
      await this.transport.request('DELETE', `${keysPath(namespaceId)}/${encodeURIComponent(keyId)}`);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw error;
    }
  }

  /** Deletes every key of the namespace with exactly this name; returns their IDs. */
  async deleteKeysNamed(namespaceId: string, name: string): Promise<string[]> {
    const matches = (await this.listKeys(namespaceId)).filter((key) => key.name === name);
    for (const key of matches) await this.deleteKey(namespaceId, key.id);
    return matches.map((key) => key.id);
  }
}
