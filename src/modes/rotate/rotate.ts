// The rotation itself, over injected clients: read everything, plan, and when due create, mask, verify, seal
// and store a new key; then delete what the plan says. Outputs and the job summary are written however it ends.
import type { Clock } from '../../api/clock.js';
import type { AccessKey, DigitalOceanClient, Namespace, NewAccessKey } from '../../api/digitalocean.js';
import { provenExpiry } from '../../api/expiry.js';
import { isAmbiguous } from '../../api/retry.js';
import { formatSpan } from '../../duration.js';
import { ActionError, describe, sentence } from '../../errors.js';
import { keyName } from '../../inputs.js';
import type { Core } from '../../runner.js';
import { maskAccessKey } from '../../secrets.js';
import { findByLabel } from '../mint.js';
import { GitHubError, type PublicKey, type SecretInfo } from './github.js';
import { type RotateOptions, describeTarget } from './options.js';
import { type Plan, type Verdict, dueAt, plan } from './plan.js';
import { seal } from './seal.js';
import { type Report, rotateSummary } from './summary.js';

/** The secret's side, as GitHubSecrets provides it. */
export interface SecretStore {
  get(): Promise<SecretInfo | undefined>;
  publicKey(): Promise<PublicKey>;
  put(sealed: string, key: PublicKey, current: SecretInfo | undefined): Promise<void>;
}

export interface RotateDeps {
  core: Core;
  client: DigitalOceanClient;
  /** Undefined in a dry run without `github-token`: the secret is then assumed to hold the newest managed key. */
  secrets: SecretStore | undefined;
  clock: Clock;
  /** Throws unless the key works against the namespace's Functions API. */
  verify: (key: NewAccessKey, namespace: Namespace) => Promise<void>;
}

/** What a run reads before it decides. */
interface Facts {
  namespace: Namespace;
  keys: AccessKey[];
  /** The secret's side: absent only in a dry run without github-token. */
  target?: {
    store: SecretStore;
    /** The secret's metadata; undefined when it does not exist yet. */
    current: SecretInfo | undefined;
    publicKey: PublicKey;
  };
}

export async function rotate(options: RotateOptions, deps: RotateDeps): Promise<void> {
  const { core, clock } = deps;
  const report: Report = {
    target: describeTarget(options.target, options.secretName),
    dryRun: options.dryRun,
    rotateAfterHours: options.rotateAfterHours,
    graceHours: options.graceHours,
    now: clock.now(),
    rotated: false,
    deleted: [],
    undeleted: [],
  };
  try {
    await carryOut(options, deps, report);
  } catch (error) {
    report.error = describe(error);
    throw error;
  } finally {
    const held = report.newKey ?? report.plan?.held;
    core.setOutput('rotated', String(report.rotated));
    core.setOutput('key-id', held?.id ?? '');
    core.setOutput('deleted', String(report.deleted.length));
    if (held) report.nextDueAt = dueAt(held, options.rotateAfterHours);
    await core.summary.addRaw(rotateSummary(report)).write();
  }
}

async function carryOut(options: RotateOptions, deps: RotateDeps, report: Report): Promise<void> {
  const { core, client, clock } = deps;
  const facts = await gather(options, deps);
  const current = facts.target?.current;
  report.namespace = facts.namespace;
  report.secretUpdatedAt = current?.updatedAt;
  const now = clock.now();
  const decided = plan({
    keys: facts.keys,
    base: options.keyBase,
    // Without github-token (a dry run) the secret is taken to have been stored just now: it holds the newest key.
    secretUpdatedAt: current ? Date.parse(current.updatedAt) : facts.target ? undefined : now,
    now,
    rotateAfterHours: options.rotateAfterHours,
    graceHours: options.graceHours,
  });
  report.plan = decided;
  describePlan(core, facts, decided, report, options.keyBase);

  // No target means no github-token, which options allow only in a dry run.
  if (options.dryRun || !facts.target) {
    const list = (verdicts: Verdict[]) => verdicts.map(({ key, reason }) => `\n  ${key.id} (${key.name}): ${reason}`).join('');
    core.info(
      `Dry run: ${decided.due ? `would create a key named ${options.keyBase}-<6 hex>, verify it and store it in ${report.target}` : 'would not rotate'}; ` +
        `would delete ${decided.remove.length} key(s)${list(decided.remove)}\nwould keep ${decided.keep.length}${list(decided.keep)}\nNothing was changed.`,
    );
    return;
  }
  if (decided.due) {
    const key = await replace(options, deps, facts.namespace, facts.target);
    report.newKey = { id: key.id, name: key.name, created_at: key.created_at, expires_at: key.expires_at };
    report.rotated = true;
    report.storedAt = clock.now();
  }
  for (const verdict of decided.remove) {
    try {
      const existed = await client.deleteKey(facts.namespace.namespace, verdict.key.id);
      core.info(`Deleted key ${verdict.key.id} (${verdict.key.name}): ${verdict.reason}${existed ? '' : ' (it was already gone)'}.`);
      report.deleted.push(verdict);
    } catch (error) {
      core.error(`Could not delete key ${verdict.key.id} (${verdict.key.name}): ${describe(error)}`);
      report.undeleted.push(verdict);
    }
  }
  for (const { key, reason } of decided.keep) core.info(`Kept key ${key.id} (${key.name}): ${reason}.`);
  if (report.undeleted.length) {
    throw new ActionError(
      `${report.rotated ? 'The secret holds the new key, but ' : ''}${report.undeleted.length} old key(s) could not be deleted (see the errors above). ` +
        'The next run deletes them, or delete them now with `doctl serverless key delete <id>`.',
    );
  }
}

/** The namespace and its keys, the secret's metadata and the target's public key, fetched concurrently. */
async function gather(options: RotateOptions, { client, secrets }: RotateDeps): Promise<Facts> {
  const ref = options.namespace;
  const namespaceAndKeys = (async () => {
    const namespace = 'id' in ref ? await client.getNamespace(ref.id) : findByLabel(await client.listNamespaces(), ref.label);
    return { namespace, keys: await client.listKeys(namespace.namespace) };
  })();
  // Settled, not raced: every request has finished (none is left running) before the first failure is thrown.
  const [found, current, publicKey] = await Promise.allSettled([namespaceAndKeys, secrets?.get(), secrets?.publicKey()]);
  const facts: Facts = valueOf(found);
  const key = valueOf(publicKey);
  if (secrets && key) facts.target = { store: secrets, current: valueOf(current), publicKey: key };
  return facts;
}

function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

function describePlan(core: Core, facts: Facts, decided: Plan, report: Report, keyBase: string): void {
  const { namespace, target } = facts;
  const managed = decided.remove.length + decided.keep.length;
  core.info(`Namespace ${namespace.label} (${namespace.namespace}, ${namespace.region}): ${managed} managed key(s) named ${keyBase}[-<6 hex>].`);
  if (!target) core.notice('Dry run without github-token: the secret cannot be read, so it is assumed to hold the newest managed key.');
  else if (target.current) core.info(`The ${report.target} was last updated ${target.current.updatedAt} (${formatSpan(report.now - Date.parse(target.current.updatedAt))} ago).`);
  else core.info(`The ${report.target} does not exist yet.`);
  if (decided.held) core.info(`It holds key ${decided.held.id} (${decided.held.name}), created ${decided.held.created_at}, ${expiry(decided.held)}.`);
  core.info(decided.due ? `Rotation is due: ${decided.due}.` : `Rotation is not due until ${new Date(decided.heldDueAt!).toISOString()}.`);
}

function expiry(key: AccessKey): string {
  return key.expires_at === null ? 'never expires' : `expires ${key.expires_at}`;
}

/** Creates, masks, verifies, seals and stores a new key. On failure the new key is deleted again, unless it may be stored. */
async function replace(options: RotateOptions, deps: RotateDeps, namespace: Namespace, { store, current, publicKey }: NonNullable<Facts['target']>): Promise<NewAccessKey> {
  const { core, client, clock } = deps;
  const target = describeTarget(options.target, options.secretName);
  const requestedAt = clock.now();
  const key = await client.createKey(namespace.namespace, keyName(options.keyBase, {}), options.expiresIn);
  maskAccessKey(core, key.id, key.secret);
  core.info(`Created key ${key.id} (${key.name}), ${expiry(key)}.`);
  const discard = async (why: string) => {
    try {
      await client.deleteKey(namespace.namespace, key.id);
      core.info(`Deleted the new key ${key.id} again: ${why}.`);
    } catch (error) {
      core.warning(`Could not delete the new key ${key.id} (${describe(error)}); nobody holds it, and the next run deletes it.`);
    }
  };
  try {
    checkExpiry(key, options, requestedAt);
    await deps.verify(key, namespace);
    core.info(`The Functions API at ${namespace.api_host} accepts the new key.`);
  } catch (error) {
    await discard('it did not pass its checks');
    throw new ActionError(`The new key ${key.id} did not pass its checks: ${sentence(describe(error))} It was deleted; the secret and the old key are unchanged.`);
  }
  try {
    await store.put(await seal(`${key.id}:${key.secret}`, publicKey.key), publicKey, current);
  } catch (error) {
    if (error instanceof GitHubError && isAmbiguous(error.failure)) {
      const stored = await storedAfterAll(store, current);
      if (stored) {
        core.warning(`The answer to storing ${target} was lost, but the secret was updated: it holds the new key.`);
        return key;
      }
      if (stored === undefined) {
        throw new ActionError(
          `${sentence(describe(error))} It is unclear whether ${target} now holds the new key ${key.id}, so both keys are kept. ` +
            'Run again: the next run sees which key the secret holds and deletes the other.',
        );
      }
    }
    await discard('it could not be stored');
    throw new ActionError(`${sentence(describe(error))} The new key ${key.id} was deleted; the secret and the old key are unchanged.`);
  }
  core.info(`Stored the new key in ${target}.`);
  return key;
}

/** After an ambiguous failure to store: true when the secret's update time moved, undefined when that cannot be read. */
async function storedAfterAll(secrets: SecretStore, before: SecretInfo | undefined): Promise<boolean | undefined> {
  try {
    const now = await secrets.get();
    return now !== undefined && now.updatedAt !== before?.updatedAt;
  } catch {
    return undefined;
  }
}

/** Fail closed, as mint does: a key that lives longer than `expiration` asked for is not stored. */
function checkExpiry(key: NewAccessKey, { expirationHours, expiresIn }: RotateOptions, requestedAt: number): void {
  if (expirationHours !== null && expiresIn !== null) provenExpiry(key, requestedAt, expirationHours, expiresIn);
}
