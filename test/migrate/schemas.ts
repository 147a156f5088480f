// Validators for what migrate writes: the SARIF 2.1.0 schema (OASIS, draft-04, with its formats checked) and the
// report schema kept in schema/. Both return the errors, [] when valid.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from '../e2e/runner.js';

// An unmodified copy of oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json (the one in
// shared/reference/github/), kept in the repository so that CI's clone has it.
const SARIF_SCHEMA = join(REPO_ROOT, 'test/fixtures/migrate/sarif-schema-2.1.0.json');

type Validate = (data: unknown) => string[];

function errorsOf(validate: { (data: unknown): boolean; errors?: { instancePath: string; message?: string }[] | null }): Validate {
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

let sarif: Validate | undefined;
export function validateSarif(data: unknown): string[] {
  if (!sarif) {
    const ajv = new Ajv04.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    sarif = errorsOf(ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8'))));
  }
  return sarif(data);
}

let report: Validate | undefined;
export function validateReport(data: unknown): string[] {
  report ??= errorsOf(new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'schema/migrate-report.schema.json'), 'utf8'))));
  return report(data);
}
