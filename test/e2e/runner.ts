// A stand-in for the GitHub Actions runner, for ONE job, faithful where the action can tell the difference:
// it reads action.yml (input defaults, runs.main/post/post-if), starts the committed dist/ bundles with
// `<node> <bundle>` in a clean environment, hands every step fresh file-command files and parses them the way
// the runner does, keeps exported env for later steps and for the posts, runs the posts in reverse order at the
// end of the job with STATE_* from their own main step, and rebuilds the masked log from ::add-mask:: lines.
//
// Everything a step wrote (stdout, stderr, every file-command file) is kept on its StepResult so that a leak
// check can scan it afterwards. The node binary is process.execPath unless E2E_NODE names another one (Node 24).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NODE = process.env.E2E_NODE || process.execPath;

// ------------------------------------------------------------------------------------------------------------
// action.yml
// ------------------------------------------------------------------------------------------------------------

export interface ActionInput {
  default?: string;
  required?: boolean;
}

export interface ActionMeta {
  /** Directory of action.yml; runs.main / runs.post are relative to it. */
  dir: string;
  using: string;
  inputs: Record<string, ActionInput>;
  main: string;
  post?: string;
  /** runs.post-if, `success()` when absent (the runner's default). */
  postIf: string;
}

export function loadAction(dir = REPO_ROOT): ActionMeta {
  const doc = parseYaml(readFileSync(join(dir, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown; required?: unknown } | null>;
    runs?: { using?: unknown; main?: unknown; post?: unknown; 'post-if'?: unknown };
  };
  const runs = doc.runs ?? {};
  if (typeof runs.main !== 'string') throw new Error('action.yml: runs.main is missing');
  const inputs: Record<string, ActionInput> = {};
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    // The runner treats a default as a string whatever YAML type it has (`default: true` → "true").
    inputs[name] = {
      default: spec?.default === undefined || spec.default === null ? undefined : String(spec.default),
      required: spec?.required === true,
    };
  }
  return {
    dir,
    using: String(runs.using ?? ''),
    inputs,
    main: runs.main,
    post: typeof runs.post === 'string' ? runs.post : undefined,
    postIf: typeof runs['post-if'] === 'string' ? runs['post-if'] : 'success()',
  };
}

/** `key-name` → `INPUT_KEY-NAME` (upper case, spaces to `_`, hyphens kept). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * INPUT_* for a `uses` step: every input action.yml declares gets its given value or its default ('' without
 * one), as the runner does; given inputs action.yml does not declare are passed too (the runner only warns).
 */
export function inputEnv(action: ActionMeta, given: Record<string, string> = {}): { env: Record<string, string>; unexpected: string[] } {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) env[inputEnvName(name)] = given[name] ?? spec.default ?? '';
  const unexpected = Object.keys(given).filter((name) => !(name in action.inputs));
  for (const name of unexpected) env[inputEnvName(name)] = given[name] as string;
  return { env, unexpected };
}

// ------------------------------------------------------------------------------------------------------------
// File commands and workflow commands
// ------------------------------------------------------------------------------------------------------------

/**
 * Parses GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE as the runner does: `name<<DELIM` NL lines NL `DELIM`, or
 * `name=value` when a `=` comes before any `<<`. Malformed content throws (it fails the step in the runner).
 */
export function parseFileCommand(text: string, what = 'file command'): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  // A trailing newline leaves one empty last element.
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq);
      if (!name) throw new Error(`${what}: line ${i + 1} has no name: ${JSON.stringify(line)}`);
      result[name] = line.slice(eq + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delim = line.slice(heredoc + 2);
      if (!name || !delim) throw new Error(`${what}: line ${i + 1} has an empty name or delimiter: ${JSON.stringify(line)}`);
      const value: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delim) {
          closed = true;
          break;
        }
        value.push(lines[i] as string);
      }
      if (!closed) throw new Error(`${what}: no closing delimiter ${delim} for ${name}`);
      result[name] = value.join('\n');
    } else {
      throw new Error(`${what}: line ${i + 1} is neither name=value nor name<<delimiter: ${JSON.stringify(line)}`);
    }
  }
  return result;
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  properties: Record<string, string>;
  message: string;
}

const COMMAND = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/;

/** `::name k=v,k=v::message` with the runner's unescaping; undefined for an ordinary log line. */
export function parseCommand(line: string): WorkflowCommand | undefined {
  const m = COMMAND.exec(line);
  if (!m) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { command: m[1] as string, properties, message: unescapeData(m[3] as string) };
}

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%25/g, '%');
}

/** Replaces every occurrence of every mask by `***`; overlapping occurrences merge into one `***`. */
export function applyMasks(line: string, masks: readonly string[]): string {
  const ranges: [number, number][] = [];
  for (const mask of masks) {
    if (!mask) continue;
    for (let at = line.indexOf(mask); at >= 0; at = line.indexOf(mask, at + 1)) ranges.push([at, at + mask.length]);
  }
  if (!ranges.length) return line;
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of ranges) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  let out = '';
  let pos = 0;
  for (const [s, e] of merged) {
    out += `${line.slice(pos, s)}***`;
    pos = e;
  }
  return out + line.slice(pos);
}

/**
 * What the runner makes of a step's stdout: commands are processed (::add-mask:: lines register a mask and
 * are not shown), every other line is shown with all masks registered on EARLIER lines replaced by `***`.
 * Only exact values are masked here (the runner also masks some encodings by itself; a check against this
 * log is therefore stricter than the real one, never laxer).
 */
export function processLog(stdout: string): { masks: string[]; maskedLog: string; annotations: Annotation[]; commands: WorkflowCommand[] } {
  const masks: string[] = [];
  const shown: string[] = [];
  const annotations: Annotation[] = [];
  const commands: WorkflowCommand[] = [];
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const command = parseCommand(line);
    if (command) commands.push(command);
    if (command?.command === 'add-mask') {
      if (command.message.trim()) masks.push(command.message);
      continue;
    }
    if (command && (command.command === 'error' || command.command === 'warning' || command.command === 'notice')) {
      annotations.push({ level: command.command, properties: command.properties, message: command.message });
    }
    shown.push(applyMasks(line, masks));
  }
  return { masks, maskedLog: shown.join('\n') + (shown.length ? '\n' : ''), annotations, commands };
}

// ------------------------------------------------------------------------------------------------------------
// One step
// ------------------------------------------------------------------------------------------------------------

export interface StepFiles {
  output: string;
  env: string;
  state: string;
  summary: string;
  path: string;
}

export interface StepResult {
  name: string;
  kind: 'main' | 'post' | 'run';
  skipped: boolean;
  exitCode: number;
  /** The signal that ended the process, if any (e.g. SIGKILL after the timeout). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  exportedEnv: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** GITHUB_PATH additions, in the order written. */
  paths: string[];
  annotations: Annotation[];
  masks: string[];
  maskedLog: string;
  commands: WorkflowCommand[];
  /** Raw content of every file-command file. */
  files: StepFiles;
  /** The environment the process got. */
  env: Record<string, string>;
  durationMs: number;
  /** Runner warnings, e.g. unexpected inputs. */
  runnerWarnings: string[];
}

export interface RunStepOptions {
  command: string;
  args?: string[];
  /** The complete environment apart from the file-command variables, which runStep adds. */
  env: Record<string, string>;
  cwd: string;
  /** Where the step's file-command files are created (a fresh directory). */
  stepDir: string;
  name: string;
  kind: StepResult['kind'];
  timeoutMs?: number;
  runnerWarnings?: string[];
}

/** Starts one process with fresh file-command files, waits for it and collects everything it wrote. */
export async function runStep(options: RunStepOptions): Promise<StepResult> {
  mkdirSync(options.stepDir, { recursive: true });
  const file = (name: string) => join(options.stepDir, name);
  const paths = { output: file('output'), env: file('env'), state: file('state'), summary: file('step_summary'), path: file('path') };
  for (const p of Object.values(paths)) writeFileSync(p, '');
  const env: Record<string, string> = {
    ...options.env,
    GITHUB_OUTPUT: paths.output,
    GITHUB_ENV: paths.env,
    GITHUB_STATE: paths.state,
    GITHUB_STEP_SUMMARY: paths.summary,
    GITHUB_PATH: paths.path,
  };
  if (options.kind !== 'run' && options.args?.[0] && !existsSync(options.args[0])) {
    throw new Error(`runner: ${options.args[0]} does not exist; run \`npm run build\` (or wait for the build running now)`);
  }
  const started = Date.now();
  const child = spawn(options.command, options.args ?? [], { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolvePromise([c, s]));
  }).finally(() => clearTimeout(timer));
  const stdout = Buffer.concat(out).toString('utf8');
  const stderr = Buffer.concat(err).toString('utf8');
  const files: StepFiles = {
    output: readFileSync(paths.output, 'utf8'),
    env: readFileSync(paths.env, 'utf8'),
    state: readFileSync(paths.state, 'utf8'),
    summary: readFileSync(paths.summary, 'utf8'),
    path: readFileSync(paths.path, 'utf8'),
  };
  const log = processLog(stdout);
  return {
    name: options.name,
    kind: options.kind,
    skipped: false,
    exitCode: code ?? 1,
    signal,
    stdout,
    stderr,
    outputs: parseFileCommand(files.output, `${options.name}: GITHUB_OUTPUT`),
    exportedEnv: parseFileCommand(files.env, `${options.name}: GITHUB_ENV`),
    state: parseFileCommand(files.state, `${options.name}: GITHUB_STATE`),
    summary: files.summary,
    paths: files.path.split('\n').map((l) => l.trim()).filter(Boolean),
    annotations: log.annotations,
    masks: log.masks,
    maskedLog: log.maskedLog,
    commands: log.commands,
    files,
    env,
    durationMs: Date.now() - started,
    runnerWarnings: options.runnerWarnings ?? [],
  };
}

function skipped(name: string, kind: StepResult['kind']): StepResult {
  return {
    name,
    kind,
    skipped: true,
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    outputs: {},
    exportedEnv: {},
    state: {},
    summary: '',
    paths: [],
    annotations: [],
    masks: [],
    maskedLog: '',
    commands: [],
    files: { output: '', env: '', state: '', summary: '', path: '' },
    env: {},
    durationMs: 0,
    runnerWarnings: [],
  };
}

// ------------------------------------------------------------------------------------------------------------
// A job
// ------------------------------------------------------------------------------------------------------------

/** The step conditions the runner's status functions cover; a bare step has `success()`. */
export type Condition = 'success()' | 'always()' | 'failure()';

function conditionHolds(condition: string, jobFailed: boolean): boolean {
  switch (condition.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim()) {
    case 'success()':
      return !jobFailed;
    case 'always()':
      return true;
    case 'failure()':
      return jobFailed;
    case 'cancelled()':
      return false;
    default:
      throw new Error(`runner: condition ${condition} is not supported by this stand-in`);
  }
}

export interface JobOptions {
  action?: ActionMeta;
  /** Job-level env (`jobs.<id>.env`), e.g. DIGITALOCEAN_ACCESS_TOKEN. */
  env?: Record<string, string>;
  /** PATH for every step (default: the node binary's directory, /usr/bin, /bin). */
  path?: string;
  repository?: string;
  runId?: string;
  runAttempt?: string;
  job?: string;
  timeoutMs?: number;
}

export interface UsesOptions {
  name?: string;
  with?: Record<string, string>;
  /** Step-level env (`steps[*].env`); also given to the post of this step. */
  env?: Record<string, string>;
  if?: Condition;
}

export interface RunContext {
  /** The environment the step gets: job env plus everything exported so far. */
  env: Record<string, string>;
  /** Exports a variable to later steps, like writing to GITHUB_ENV. */
  exportVariable(name: string, value: string): void;
}

export interface RunOutcome<T> {
  name: string;
  skipped: boolean;
  ok: boolean;
  value?: T;
  error?: unknown;
}

interface QueuedPost {
  name: string;
  inputs: Record<string, string>;
  stepEnv: Record<string, string>;
  state: Record<string, string>;
}

/** One job of a workflow: `uses` steps of the action, `run` steps, and the posts at the end. */
export class Job {
  readonly action: ActionMeta;
  readonly dir: string;
  readonly workspace: string;
  readonly runnerTemp: string;
  /** Every step that ran, posts included, in the order they ran (skipped ones excluded). */
  readonly steps: StepResult[] = [];
  /** Exported env so far (GITHUB_ENV of earlier steps). */
  readonly exported: Record<string, string> = {};
  failed = false;
  private readonly base: Record<string, string>;
  private readonly posts: QueuedPost[] = [];
  private readonly extraPaths: string[] = [];
  private counter = 0;
  private ended = false;

  constructor(private readonly options: JobOptions = {}) {
    this.action = options.action ?? loadAction();
    this.dir = mkdtempSync(join(tmpdir(), 'fak-e2e-job-'));
    this.workspace = join(this.dir, 'workspace');
    this.runnerTemp = join(this.dir, 'runner-temp');
    mkdirSync(this.workspace);
    mkdirSync(this.runnerTemp);
    this.base = {
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_REPOSITORY: options.repository ?? 'acme/app',
      GITHUB_REPOSITORY_OWNER: (options.repository ?? 'acme/app').split('/')[0] as string,
      GITHUB_RUN_ID: options.runId ?? '4242',
      GITHUB_RUN_ATTEMPT: options.runAttempt ?? '1',
      GITHUB_JOB: options.job ?? 'deploy',
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_EVENT_NAME: 'push',
      RUNNER_TEMP: this.runnerTemp,
      RUNNER_OS: 'Linux',
      HOME: this.dir,
      ...options.env,
    };
  }

  /** The env a step gets now: runner variables, job env, exports of earlier steps, PATH. */
  stepEnv(extra: Record<string, string> = {}): Record<string, string> {
    const path = [...this.extraPaths].reverse().concat(this.options.path ?? [dirname(NODE), '/usr/bin', '/bin'].join(delimiter));
    return { ...this.base, ...this.exported, ...extra, PATH: path.join(delimiter) };
  }

  private stepDir(name: string): string {
    return join(this.dir, 'steps', `${String(++this.counter).padStart(2, '0')}-${name.replace(/[^A-Za-z0-9._-]+/g, '_')}`);
  }

  private record(result: StepResult): StepResult {
    this.steps.push(result);
    Object.assign(this.exported, result.exportedEnv);
    this.extraPaths.push(...result.paths);
    if (result.exitCode !== 0) this.failed = true;
    return result;
  }

  /** Marks the job failed (as a failing step would): later steps without always()/failure() are skipped. */
  fail(): void {
    this.failed = true;
  }

  /** A `uses:` step of the action: runs main now and queues the post for the end of the job. */
  async uses(options: UsesOptions = {}): Promise<StepResult> {
    if (this.ended) throw new Error('runner: the job has ended');
    const name = options.name ?? `uses-${this.counter + 1}`;
    if (!conditionHolds(options.if ?? 'success()', this.failed)) return skipped(name, 'main');
    const { env: inputs, unexpected } = inputEnv(this.action, options.with);
    const stepEnv = options.env ?? {};
    const result = this.record(
      await runStep({
        command: NODE,
        args: [join(this.action.dir, this.action.main)],
        env: { ...this.stepEnv(stepEnv), ...inputs },
        cwd: this.workspace,
        stepDir: this.stepDir(`${name}-main`),
        name: `${name} (main)`,
        kind: 'main',
        timeoutMs: this.options.timeoutMs,
        runnerWarnings: unexpected.map((input) => `Unexpected input '${input}'`),
      }),
    );
    // The runner registers the post once main has run, whether main succeeded or not.
    if (this.action.post) this.posts.push({ name, inputs: options.with ?? {}, stepEnv, state: result.state });
    return result;
  }

  /** A `run:` step as a function in this process; a throw fails the step (and the job). */
  async run<T>(fn: (ctx: RunContext) => T | Promise<T>, options: { name?: string; if?: Condition } = {}): Promise<RunOutcome<T>> {
    const name = options.name ?? `run-${this.counter + 1}`;
    if (!conditionHolds(options.if ?? 'success()', this.failed)) return { name, skipped: true, ok: false };
    this.counter++;
    const exports: Record<string, string> = {};
    try {
      const value = await fn({ env: this.stepEnv(), exportVariable: (k, v) => void (exports[k] = v) });
      Object.assign(this.exported, exports);
      return { name, skipped: false, ok: true, value };
    } catch (error) {
      this.failed = true;
      return { name, skipped: false, ok: false, error };
    }
  }

  /** A `run:` step as a child process with the job env and its own file-command files. */
  async exec(command: string, args: string[] = [], options: { name?: string; if?: Condition; env?: Record<string, string> } = {}): Promise<StepResult> {
    const name = options.name ?? `exec-${this.counter + 1}`;
    if (!conditionHolds(options.if ?? 'success()', this.failed)) return skipped(name, 'run');
    return this.record(
      await runStep({
        command,
        args,
        env: this.stepEnv(options.env),
        cwd: this.workspace,
        stepDir: this.stepDir(name),
        name,
        kind: 'run',
        timeoutMs: this.options.timeoutMs,
      }),
    );
  }

  /** Ends the job: runs the queued posts in reverse order, each if its post-if holds. */
  async end(): Promise<StepResult[]> {
    if (this.ended) throw new Error('runner: the job has already ended');
    this.ended = true;
    const results: StepResult[] = [];
    for (const post of [...this.posts].reverse()) {
      if (!this.action.post || !conditionHolds(this.action.postIf, this.failed)) {
        results.push(skipped(post.name, 'post'));
        continue;
      }
      const state = Object.fromEntries(Object.entries(post.state).map(([k, v]) => [`STATE_${k}`, v]));
      results.push(
        this.record(
          await runStep({
            command: NODE,
            args: [join(this.action.dir, this.action.post)],
            env: { ...this.stepEnv(post.stepEnv), ...inputEnv(this.action, post.inputs).env, ...state },
            cwd: this.workspace,
            stepDir: this.stepDir(`${post.name}-post`),
            name: `${post.name} (post)`,
            kind: 'post',
            timeoutMs: this.options.timeoutMs,
          }),
        ),
      );
    }
    return results;
  }

  /** Steps of the action itself (main and post), the ones a leak check must scan. */
  actionSteps(): StepResult[] {
    return this.steps.filter((step) => step.kind === 'main' || step.kind === 'post');
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
