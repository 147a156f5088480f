import { ApiError, describeFailure } from '../api/transport.js';
import { isExpired, isOrphaned } from '../audit/findings.js';
import { CLEANUP_SCHEMA_VERSION, type CleanupReport, reportNamespaces, writeReport } from '../audit/report.js';
import { cleanupSummary, plural } from '../audit/summary.js';
import { CONCURRENCY, mapConcurrently, surveyKeys } from '../audit/survey.js';
import { formatSpan } from '../duration.js';
import { ActionError, describe } from '../errors.js';
import { MAX_MINT_HOURS, type SweepOptions } from '../inputs.js';
import type { SweepDeps } from './audit.js';

type Entry = CleanupReport['keys'][number];

/**
 * Deletes the keys mint mode left behind: name starts with `key-prefix` and the key is expired or older than
 * the 12h a minted key can live. Never any other key. `dry-run` only lists what it would delete.
 */
export async function cleanup(options: SweepOptions, { core, client, clock, reportDir }: SweepDeps): Promise<void> {
  const survey = await surveyKeys(options.namespaces, client);
  if (survey.missing.length) core.warning(`No such namespace in the token's account: ${survey.missing.join(', ')}`);
  const now = clock.now();
  const entries: Entry[] = [];
  for (const { namespace, keys, error } of survey.namespaces) {
    if (error) core.warning(`Namespace ${namespace.label} (${namespace.namespace}) skipped: ${error}`);
    for (const key of keys) {
      const entry = { namespace: namespace.namespace, key_id: key.id, key_name: key.name };
      const age = formatSpan(now - Date.parse(key.created_at));
      if (!key.name.startsWith(options.keyPrefix)) {
        entries.push({ ...entry, action: 'kept', reason_code: 'not-made-by-action', reason: `not made by this action (name does not start with ${options.keyPrefix})` });
      } else if (isOrphaned(key, options.keyPrefix, now)) {
        const action = options.dryRun ? 'would-delete' : 'deleted';
        if (isExpired(key, now)) entries.push({ ...entry, action, reason_code: 'expired', reason: `expired (created ${age} ago)` });
        else entries.push({ ...entry, action, reason_code: 'older-than-max-mint', reason: `older than ${MAX_MINT_HOURS}h (created ${age} ago)` });
      } else {
        entries.push({ ...entry, action: 'kept', reason_code: 'may-be-running', reason: `created ${age} ago: may belong to a job still running` });
      }
    }
  }
  if (!options.dryRun) {
    await mapConcurrently(
      entries.filter((entry) => entry.action === 'deleted'),
      CONCURRENCY,
      async (entry) => {
        try {
          const existed = await client.deleteKey(entry.namespace, entry.key_id);
          core.info(`Deleted ${entry.key_name} (${entry.key_id}) from ${entry.namespace}: ${entry.reason}${existed ? '' : ' (it was already gone)'}.`);
        } catch (error) {
          entry.action = 'failed';
          entry.reason_code = 'delete-failed';
          // The table row already names the key: the status and DigitalOcean's message say the rest.
          entry.reason = `could not delete: ${error instanceof ApiError ? describeFailure(error.failure) : describe(error)}`;
          core.error(`Could not delete ${entry.key_name} (${entry.key_id}) from ${entry.namespace}: ${describe(error)}`);
        }
      },
    );
  }
  const report: CleanupReport = { schema_version: CLEANUP_SCHEMA_VERSION, generated_at: new Date(now).toISOString(), dry_run: options.dryRun, namespaces: reportNamespaces(survey.namespaces), keys: entries };
  const path = writeReport(reportDir, 'cleanup', report);
  const count = (action: Entry['action']) => entries.filter((entry) => entry.action === action).length;
  core.setOutput('report', path);
  core.setOutput('deleted', String(count('deleted')));
  const keys = (action: Entry['action']) => plural(count(action), 'key');
  core.info(
    options.dryRun
      ? `Dry run: would delete ${keys('would-delete')}, keeps ${count('kept')}. Report: ${path}`
      : `Deleted ${keys('deleted')}, kept ${count('kept')}. Report: ${path}`,
  );
  await core.summary.addRaw(cleanupSummary(report, now)).write();
  if (count('failed') > 0) throw new ActionError(`${count('failed')} keys could not be deleted (see the errors above); run cleanup again.`);
}
