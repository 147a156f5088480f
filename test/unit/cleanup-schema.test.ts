// The cleanup report's schema pins which reason codes go with which action, and its version.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CLEANUP_SCHEMA_VERSION } from '../../src/audit/report.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/cleanup-report.schema.json', import.meta.url), 'utf8')) as { $id: string };
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const report = (dryRun: boolean, action: string, reasonCode: string, version: unknown = CLEANUP_SCHEMA_VERSION) => ({
  schema_version: version,
  generated_at: '2026-06-01T12:00:00Z',
  dry_run: dryRun,
  namespaces: [],
  keys: [{ namespace: 'fn-00000001-0000-4000-8000-000000000001', key_id: 'dof_v1_1', key_name: 'gha-x', action, reason_code: reasonCode, reason: 'why' }],
});

describe('cleanup report schema', () => {
  it('carries the version the action writes, in schema_version and in $id', () => {
    expect(schema.$id).toContain(`/v${CLEANUP_SCHEMA_VERSION}/`);
    expect(validate(report(false, 'deleted', 'expired', CLEANUP_SCHEMA_VERSION - 1))).toBe(false);
  });

  it.each([
    [false, 'deleted', 'expired'],
    [false, 'deleted', 'older-than-max-mint'],
    [true, 'would-delete', 'older-than-max-mint'],
    [false, 'kept', 'may-be-running'],
    [true, 'kept', 'not-made-by-action'],
    [false, 'failed', 'delete-failed'],
  ])('accepts dry_run %s, %s for %s', (dryRun, action, code) => {
    expect(validate(report(dryRun, action, code)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    [false, 'deleted', 'may-be-running'],
    [false, 'kept', 'expired'],
    [false, 'failed', 'expired'],
    [false, 'deleted', 'delete-failed'],
    [false, 'kept', 'no-such-code'],
  ])('refuses dry_run %s, %s for %s', (dryRun, action, code) => {
    expect(validate(report(dryRun, action, code))).toBe(false);
  });
});
