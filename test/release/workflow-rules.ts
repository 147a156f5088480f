// The rules every workflow in .github/workflows must follow (issue 12), as a function from a workflow's text to the
// problems found, so that the tests can show each rule failing on a workflow that breaks it.
import YAML, { isScalar, type Document } from 'yaml';

/** `owner/repo[/path]@<40 hex>`: a commit cannot be moved the way a tag can. */
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/;
const DOCKER_PINNED = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;
/** The comment dependabot reads and rewrites beside a SHA: `# v5.0.0` (or `# v5`). */
const VERSION_COMMENT = /^\s*v\d+(\.\d+)*\S*\s*$/;
/**
 * Contexts that whoever triggers the run controls: the event payload (titles, branch names, bodies), the head and base
 * branch names, the ref (a branch name someone pushed) and workflow inputs. Expanded inside a script they become code.
 */
const UNTRUSTED = /\bgithub\s*(?:\.\s*(?:event|head_ref|base_ref|ref|ref_name)\b|\[\s*['"](?:event|head_ref|base_ref|ref|ref_name)['"])|\binputs\s*[.[]/;
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface Step {
  job: string;
  uses?: string;
  run?: string;
  with?: Json;
}

/** The triggers a workflow's `on:` names, in any of its three forms (string, list, map). */
export function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return isObject(on) ? Object.keys(on) : [];
}

function permissionProblems(permissions: unknown, where: string): string[] {
  if (permissions === undefined) return [`${where}: no top-level permissions (add \`permissions: { contents: read }\`)`];
  if (typeof permissions === 'string') return [`${where}: top-level permissions "${permissions}": list them, read only (\`contents: read\`)`];
  if (!isObject(permissions)) return [`${where}: top-level permissions must be a map`];
  return Object.entries(permissions)
    .filter(([, level]) => level !== 'read' && level !== 'none')
    .map(([scope, level]) => `${where}: top-level permission ${scope}: ${String(level)}; grant writes in the job that needs them`);
}

function usesProblem(uses: string, comment: string | undefined, where: string): string | undefined {
  if (uses.startsWith('./')) return undefined;
  if (uses.startsWith('docker://')) return DOCKER_PINNED.test(uses) ? undefined : `${where}: ${uses} is not pinned to an image digest (@sha256:…)`;
  if (!PINNED.test(uses)) return `${where}: ${uses} is not pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)`;
  if (comment === undefined || !VERSION_COMMENT.test(comment)) return `${where}: ${uses} has no version comment (# vX.Y.Z) for dependabot`;
  return undefined;
}

/** Every `uses:` value with the comment on its line, wherever it is (steps, reusable-workflow jobs). */
function usesWithComments(doc: Document): { uses: string; comment?: string }[] {
  const found: { uses: string; comment?: string }[] = [];
  YAML.visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'uses' && isScalar(pair.value)) {
        found.push({ uses: String(pair.value.value), comment: pair.value.comment ?? undefined });
      }
    },
  });
  return found;
}

export function steps(workflow: Json): Step[] {
  const jobs = isObject(workflow.jobs) ? workflow.jobs : {};
  return Object.entries(jobs).flatMap(([job, body]) =>
    isObject(body) && Array.isArray(body.steps) ? body.steps.filter(isObject).map((step) => ({ ...step, job }) as Step) : [],
  );
}

/** Scripts that the runner executes: `run:` and actions/github-script's `script:`. */
function scripts(step: Step): string[] {
  const script = step.uses?.startsWith('actions/github-script@') && typeof step.with?.script === 'string' ? [step.with.script] : [];
  return typeof step.run === 'string' ? [step.run, ...script] : script;
}

const writes = (permissions: unknown): string[] =>
  permissions === 'write-all' ? ['write-all'] : isObject(permissions) ? Object.keys(permissions).filter((k) => permissions[k] === 'write') : [];

/** Problems with one workflow file; none means it follows every rule. */
export function workflowProblems(text: string, file: string): string[] {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) return doc.errors.map((error) => `${file}: ${error.message}`);
  const workflow = doc.toJS() as Json;
  const problems = permissionProblems(workflow.permissions, file);

  if (triggers(workflow.on).includes('pull_request_target')) {
    problems.push(`${file}: pull_request_target runs with the base repository's token and secrets on code from forks`);
  }

  for (const { uses, comment } of usesWithComments(doc)) {
    const problem = usesProblem(uses, comment, file);
    if (problem) problems.push(problem);
  }

  const jobs = isObject(workflow.jobs) ? workflow.jobs : {};
  for (const step of steps(workflow)) {
    const where = `${file} job ${step.job}`;
    for (const script of scripts(step)) {
      for (const [, expression] of script.matchAll(EXPRESSION)) {
        if (UNTRUSTED.test(expression)) {
          problems.push(`${where}: \${{${expression}}} is expanded inside a script; pass it through env: and use "$NAME"`);
        }
      }
    }
    const granted = writes((jobs[step.job] as Json).permissions);
    if (step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false && !granted.includes('contents')) {
      problems.push(`${where}: actions/checkout without persist-credentials: false leaves the token in .git/config`);
    }
  }

  for (const [job, body] of Object.entries(jobs)) {
    const granted = writes(isObject(body) ? body.permissions : undefined);
    const attests = steps({ jobs: { [job]: body } }).some((step) => /^actions\/attest(-[a-z-]+)?@/.test(step.uses ?? ''));
    if (granted.includes('attestations') && !attests) problems.push(`${file} job ${job}: attestations: write but no actions/attest* step`);
    if (granted.includes('write-all')) problems.push(`${file} job ${job}: permissions write-all; name the scopes it needs`);
  }
  return problems;
}
