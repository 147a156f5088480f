// Shared by the audit and cleanup end-to-end tests: seeding keys by age, running the mode as a job step,
// checking its report against the schema kept in schema/, and scanning it for secrets.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import type { FakeKey, NamespaceInfo } from '../fake/server.js';
import type { World } from './leak.js';
import { type JobOptions, REPO_ROOT, type StepResult } from './runner.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Seeds a key created `age` ms ago that expires `expiresIn` ms from now (null: never). */
export function keySeeder(w: World): (ns: NamespaceInfo, name: string, age: number, expiresIn: number | null) => FakeKey {
  const at = (offset: number) => new Date(Date.now() + offset).toISOString();
  return (ns, name, age, expiresIn) => w.fake.addKey(ns.namespace, { name, createdAt: at(-age), expiresAt: expiresIn === null ? null : at(expiresIn) });
}

const ajv = new Ajv2020({ allErrors: true, strict: true });

/** Asserts that a report matches `schema/<mode>-report.schema.json`. */
export function reportValidator(mode: 'audit' | 'cleanup'): (report: unknown) => void {
  const file = `schema/${mode}-report.schema.json`;
  const validate = ajv.compile(JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')));
  return (report) => {
    const ok = validate(report);
    expect(validate.errors ?? [], `report matches ${file}`).toEqual([]);
    expect(ok).toBe(true);
  };
}

/** Runs the mode as one `uses:` step of a job (main, then post) and reads the report it wrote under RUNNER_TEMP. */
export async function runSweep<R>(
  w: World,
  mode: 'audit' | 'cleanup',
  inputs: Record<string, string>,
  jobOptions: JobOptions = {},
): Promise<{ main: StepResult; post: StepResult; report: R; reportText: string }> {
  const job = w.job(jobOptions);
  const main = await job.uses({ with: w.inputs({ mode, namespace: undefined, ...inputs }) });
  const [post] = await job.end();
  const path = main.outputs.report as string;
  expect(path, 'output report').toBeTruthy();
  expect(path.startsWith(job.runnerTemp), 'the report is written under RUNNER_TEMP').toBe(true);
  expect(existsSync(path)).toBe(true);
  const reportText = readFileSync(path, 'utf8');
  return { main, post: post as StepResult, report: JSON.parse(reportText) as R, reportText };
}

export function expectNoSecretsIn(w: World, text: string, where: string): void {
  for (const secret of w.secrets()) expect(text.includes(secret.value), `${secret.label} in ${where}`).toBe(false);
}
