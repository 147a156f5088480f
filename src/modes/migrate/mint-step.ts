// The mint step that replaces a legacy `doctl serverless connect`: the fix a finding shows, and the text the
// fix mode writes. One place, so what the summary suggests is exactly what a fix inserts.
import { parse } from 'yaml';

/** The action as a workflow refers to it. The action passes its own repository and major version. */
export const DEFAULT_ACTION = 'acme/functions-access-key@v1';

/** `owner/repo@vN` from the runner's GITHUB_ACTION_REPOSITORY / GITHUB_ACTION_REF, else the default. */
export function actionUses(env: Record<string, string | undefined>): string {
  const repository = env.GITHUB_ACTION_REPOSITORY;
  const major = /^v\d+/.exec(env.GITHUB_ACTION_REF ?? '')?.[0];
  return repository && major ? `${repository}@${major}` : DEFAULT_ACTION;
}

export const TODO_NAMESPACE = 'TODO # functions-access-key: the namespace could not be told from the command; set its ID (fn-…) or label';

export interface MintStep {
  uses: string;
  /** The DigitalOcean token expression, e.g. `${{ secrets.DIGITALOCEAN_TOKEN }}`. */
  token: string;
  /** The namespace to put in `with:`, or undefined when it could not be told. */
  namespace?: string;
  /** true: the step replaces the connect (connect-doctl); false: the connect line stays and gets --access-key. */
  connectDoctl: boolean;
  /** The `if:` of the step it comes before, as written there. */
  if?: string;
}

/** The step's lines, unindented; `- ` starts the first. */
export function mintStepLines(step: MintStep): string[] {
  return [
    `- uses: ${step.uses}`,
    ...(step.if === undefined ? [] : [`  if: ${step.if}`]),
    '  with:',
    `    token: ${step.token}`,
    `    namespace: ${step.namespace === undefined ? TODO_NAMESPACE : yamlScalar(step.namespace)}`,
    ...(step.connectDoctl ? ['    connect-doctl: true'] : []),
  ];
}

/** A plain scalar when YAML reads it back as the same string, else single-quoted. */
export function yamlScalar(value: string): string {
  const plain = /^\$\{\{.*\}\}$/.test(value) || /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value);
  return plain && parse(value, { version: '1.1' }) === value && parse(value) === value ? value : `'${value.replace(/'/g, "''")}'`;
}

/** What a connect inside a longer script gets: the key the mint step exported. */
export const ACCESS_KEY_ARGUMENT = ' --access-key "$DO_FUNCTIONS_ACCESS_KEY"';

/** The step as a flow mapping, for a step written `{ run: … }`: values quoted unless plainly safe in flow context. */
export function mintStepFlow(step: MintStep): string {
  const flow = (value: string) => (/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) ? yamlScalar(value) : `'${value.replace(/'/g, "''")}'`);
  const namespace = step.namespace === undefined ? 'TODO' : flow(step.namespace);
  return `uses: ${step.uses}, with: {token: ${flow(step.token)}, namespace: ${namespace}${step.connectDoctl ? ', connect-doctl: true' : ''}}`;
}
