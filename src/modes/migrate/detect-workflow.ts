// Workflows and composite actions, parsed with `yaml`: legacy commands inside `run:` values (block scalars,
// folded or literal, CRLF, tabs, anchors and aliases), placed at their exact line and column in the file; stored
// access keys fed to doctl or curl; and for each legacy connect the mint step that replaces it.
import { type Document, type Scalar, type YAMLMap, type YAMLSeq, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { type CommandHit, type Hit, IGNORE_MARK, Lines, commandAt, describeCommand, findCommands, sortHits } from './detect-text.js';
import { redact } from './credentials.js';
import { inlineCode } from '../../markdown.js';
import { ACCESS_KEY_ARGUMENT, type MintStep, mintStepLines } from './mint-step.js';
import { RULES } from './rules.js';

/** A step that has a `run:` value, with what a fix needs to know about it. */
export interface RunStep {
  /** The step's mapping node, and where it is an item itself (not an alias); undefined when only aliases are. */
  step: YAMLMap;
  seq?: YAMLSeq;
  index?: number;
  /** Some other place uses this step through an alias: inserting a step before it would miss those. */
  aliased: boolean;
  run: Scalar;
  script: string;
  /** Environment visible to the step: workflow, job, step. */
  env: Record<string, string>;
}

export interface Workflow {
  doc: Document;
  lines: Lines;
  steps: RunStep[];
  /** The DigitalOcean token expression the workflow already uses. */
  token: string;
  /** `namespace: TODO` of mint steps a fix left: the connect they replaced is not done yet. */
  todos: Scalar[];
}

/** `.github/workflows/*.yml` at any depth, and `action.yml` anywhere (composite actions). */
export function workflowKind(path: string): 'workflow' | 'action' | undefined {
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'workflow';
  if (/(?:^|\/)action\.ya?ml$/.test(path)) return 'action';
  return undefined;
}

const DEFAULT_TOKEN = '${{ secrets.DIGITALOCEAN_TOKEN }}';

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function stringMap(doc: Document, node: unknown): Record<string, string> {
  const map = resolve(doc, node);
  const out: Record<string, string> = {};
  if (!isMap(map)) return out;
  for (const pair of map.items) {
    const key = resolve(doc, pair.key);
    const value = resolve(doc, pair.value);
    if (isScalar(key) && isScalar(value) && value.value !== null) out[String(key.value)] = String(value.value);
  }
  return out;
}

function get(doc: Document, node: unknown, key: string): unknown {
  const map = resolve(doc, node);
  return isMap(map) ? resolve(doc, map.get(key, true)) : undefined;
}

/** Parses a workflow or composite action; undefined when it is not valid YAML or has no steps. */
export function parseWorkflow(text: string, kind: 'workflow' | 'action'): Workflow | undefined {
  // Source tokens: the fix needs the position of each step's `-`.
  const doc = parseDocument(text, { uniqueKeys: false, keepSourceTokens: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const jobs: { env: Record<string, string>; steps: unknown }[] = [];
  const topEnv = stringMap(doc, get(doc, doc.contents, 'env'));
  if (kind === 'workflow') {
    const jobMap = get(doc, doc.contents, 'jobs');
    if (isMap(jobMap)) {
      for (const pair of jobMap.items) {
        const job = resolve(doc, pair.value);
        jobs.push({ env: { ...topEnv, ...stringMap(doc, get(doc, job, 'env')) }, steps: get(doc, job, 'steps') });
      }
    }
  } else {
    jobs.push({ env: topEnv, steps: get(doc, get(doc, doc.contents, 'runs'), 'steps') });
  }
  const steps = new Map<YAMLMap, RunStep>();
  const aliased = new Set<unknown>();
  const todos: Scalar[] = [];
  let token: string | undefined;
  for (const job of jobs) {
    if (!isSeq(job.steps)) continue;
    job.steps.items.forEach((item, index) => {
      const step = resolve(doc, item);
      if (!isMap(step)) return;
      if (isAlias(item)) aliased.add(step);
      const env = { ...job.env, ...stringMap(doc, get(doc, step, 'env')) };
      const uses = get(doc, step, 'uses');
      if (isScalar(uses) && /^digitalocean\/action-doctl@/.test(String(uses.value))) {
        token ??= stringMap(doc, get(doc, step, 'with')).token;
      }
      if (isScalar(uses) && /(?:^|\/)functions-access-key@/.test(String(uses.value))) {
        const namespace = get(doc, get(doc, step, 'with'), 'namespace');
        if (isScalar(namespace) && String(namespace.value).startsWith('TODO')) todos.push(namespace);
      }
      token ??= env.DIGITALOCEAN_ACCESS_TOKEN;
      const run = get(doc, step, 'run');
      if (!isScalar(run) || typeof run.value !== 'string' || !run.range) return;
      const known = steps.get(step) ?? { step, aliased: false, run, script: run.value, env };
      if (!isAlias(item)) Object.assign(known, { seq: job.steps, index });
      steps.set(step, known);
    });
  }
  for (const step of steps.values()) step.aliased = aliased.has(step.step);
  return { doc, lines: new Lines(text), steps: [...steps.values()], token: token ?? DEFAULT_TOKEN, todos };
}

/** Offset in the file of `hit`'s keyword: the same occurrence, counted in the value and in its source text. */
export function sourceOffset(text: string, run: Scalar, script: string, index: number, word: string): number {
  const [start, end] = run.range as [number, number, number];
  let ordinal = 0;
  for (let at = script.indexOf(word); at >= 0 && at < index; at = script.indexOf(word, at + 1)) ordinal++;
  let found = text.indexOf(word, start);
  for (; ordinal > 0 && found >= 0; ordinal--) found = text.indexOf(word, found + 1);
  return found >= 0 && found < end ? found : start;
}

/** The namespace for the mint step: a literal or an expression, or a shell variable the env defines. */
export function namespaceFor(hit: CommandHit, env: Record<string, string>): string | undefined {
  const named = hit.namespace;
  if (named === undefined) return undefined;
  if (/^\$\{\{.*\}\}$/.test(named) || !named.includes('$')) return named;
  const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(named)?.[1];
  const value = variable === undefined ? undefined : env[variable];
  return value !== undefined && (/^\$\{\{.*\}\}$/.test(value) || !value.includes('$')) ? value : undefined;
}

/** The step that replaces a legacy connect, or comes before the line that gets --access-key. */
/** Is the connect at `index` all the script runs (comments and blank lines aside)? */
export function runsAlone(script: string, index: number): boolean {
  const rest = script
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .filter((line) => line.trim() && !/^\s*#/.test(line))
    .join(' ')
    .replace(/\s+#.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return rest === commandAt(script, index);
}

/** The step that replaces a legacy connect (it runs alone), or comes before the line that gets --access-key. */
export function mintStepFor(workflow: Workflow, step: RunStep, hit: CommandHit, uses: string): MintStep {
  return { uses, token: workflow.token, namespace: namespaceFor(hit, step.env), connectDoctl: runsAlone(step.script, hit.index) };
}

const CREDENTIAL_ARG = /(?<![\w-])(--access-key|--user|-u)(?:[ \t]+|=)("[^"\n]*"|'[^'\n]*'|\$\{\{[^}\n]*\}\}|[^\s;&|]+)/g;

/** A stored access key (a secret) passed to doctl's --access-key or curl's -u/--user. */
function storedKeys(step: RunStep): { index: number; value: string }[] {
  const out: { index: number; value: string }[] = [];
  for (const m of step.script.matchAll(CREDENTIAL_ARG)) {
    const line = step.script.slice(step.script.lastIndexOf('\n', m.index) + 1, m.index);
    if (!/(?<![\w.-])(?:doctl|curl)\b/.test(line)) continue;
    if (m[1] === '--access-key' ? !/doctl/.test(line) : !/curl/.test(line)) continue;
    const value = (m[2] as string).replace(/^(['"])(.*)\1$/, '$2');
    const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value)?.[1];
    const secret = /\$\{\{\s*secrets\./.test(value) || (variable !== undefined && /\$\{\{\s*secrets\./.test(step.env[variable] ?? ''));
    if (secret) out.push({ index: m.index + m[0].indexOf(m[2] as string), value });
  }
  return out;
}

/** Findings in a parsed workflow's `run:` values; line-marked ones left out, aliases reported once. */
export function scanWorkflow(text: string, workflow: Workflow, uses: string): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  const add = (hit: Hit) => {
    const key = `${hit.line}:${hit.column}:${hit.rule}`;
    if (seen.has(key) || workflow.lines.line(hit.line).includes(IGNORE_MARK)) return;
    seen.add(key);
    hits.push(hit);
  };
  for (const todo of workflow.todos) {
    add({
      ...workflow.lines.position((todo.range as [number, number, number])[0]),
      rule: 'doctl-connect-legacy',
      severity: RULES['doctl-connect-legacy'].severity,
      message: 'A mint step that replaced a legacy connect still has `namespace: TODO`: the namespace could not be told from the command.',
      fix: "Set `namespace:` to the namespace's ID (fn-…) or label.",
    });
  }
  for (const step of workflow.steps) {
    for (const command of findCommands(step.script)) {
      const position = workflow.lines.position(sourceOffset(text, step.run, step.script, command.index, command.keyword));
      const described = describeCommand(command);
      if (command.rule !== 'doctl-connect-legacy' || command.hiddenLogin) {
        add({ ...position, rule: command.rule, severity: RULES[command.rule].severity, ...described });
        continue;
      }
      const mint = mintStepFor(workflow, step, command, uses);
      const fix = mint.connectDoctl
        ? 'Replace this step with the step below: it mints a key for the job and connects doctl with it.'
        : `Add the step below before this one, and change the command to ${inlineCode(`${command.command}${ACCESS_KEY_ARGUMENT}`)}.`;
      add({ ...position, rule: command.rule, severity: RULES[command.rule].severity, message: described.message, fix, snippet: mintStepLines(mint).join('\n') });
    }
    for (const stored of storedKeys(step)) {
      const position = workflow.lines.position(sourceOffset(text, step.run, step.script, stored.index, stored.value));
      add({
        ...position,
        rule: 'long-lived-access-key',
        severity: RULES['long-lived-access-key'].severity,
        message: `${inlineCode(redact(stored.value))} is a stored access key passed to doctl or curl: it lives until someone deletes it.`,
        fix: RULES['long-lived-access-key'].fix,
      });
    }
  }
  return sortHits(hits);
}
