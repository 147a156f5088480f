// The rules migrate checks: each rule's severity is declared here and only here, beside what it means and how to
// fix it. The summary, the SARIF rule descriptors and the README's table all come from this table.
import type { Severity } from '../../audit/findings.js';

export { SEVERITY_RANK, type Severity } from '../../audit/findings.js';
/** Audit's fail-on values plus `notice`: a team may want even the notices fixed. */
export type FailOn = Severity | 'never';

export type RuleId =
  | 'doctl-connect-legacy'
  | 'hardcoded-legacy-credential'
  | 'hardcoded-access-key'
  | 'hardcoded-api-token'
  | 'openwhisk-legacy-auth'
  | 'long-lived-access-key';

export interface Rule {
  severity: Severity;
  /** One line: the rule's name in code scanning. */
  title: string;
  means: string;
  fix: string;
  /** A hard-coded secret: code scanning lists it under security, with this security-severity (0-10). */
  securitySeverity?: number;
}

/** When the legacy credential stopped working: every message about it says so. */
export const LEGACY_END = '3 June 2026';

export const RULES: Record<RuleId, Rule> = {
  'doctl-connect-legacy': {
    severity: 'error',
    title: 'doctl serverless connect without --access-key',
    means: `\`doctl serverless connect\` without \`--access-key\` fetches and stores the namespace's legacy credential, which stopped authenticating after ${LEGACY_END}.`,
    fix: 'Mint a short-lived access key in the job (`uses: acme/functions-access-key@v1` with `connect-doctl: true`), or pass one: `doctl serverless connect <namespace> --access-key "$DO_FUNCTIONS_ACCESS_KEY"`.',
  },
  'hardcoded-legacy-credential': {
    severity: 'error',
    title: 'Hard-coded legacy namespace credential',
    means: `A literal legacy \`uuid:key\` namespace credential (or its base64 in a Basic authorization header). It stopped authenticating after ${LEGACY_END}, and it is in the repository's history.`,
    fix: 'Remove it and use a per-job access key (`mode: mint`) instead. It no longer works, so there is nothing to revoke.',
    securitySeverity: 7.0,
  },
  'hardcoded-access-key': {
    severity: 'error',
    title: 'Hard-coded Functions access key',
    means: 'A literal `dof_v1_…:<secret>` access key: anyone who can read the repository can call the namespace.',
    fix: 'Delete the key in DigitalOcean now (`doctl serverless key delete <id>`), then remove it from the file and mint keys per job (`mode: mint`) or keep one in a secret.',
    securitySeverity: 9.0,
  },
  'hardcoded-api-token': {
    severity: 'error',
    title: 'Hard-coded DigitalOcean API token',
    means: 'A literal DigitalOcean API token (`dop_v1_`, `doo_v1_` or `dor_v1_`): it can act on the whole account within its scopes.',
    fix: 'Revoke the token in the DigitalOcean control panel (API → Tokens) now, then remove it from the file and pass a new one from a secret.',
    securitySeverity: 9.5,
  },
  'openwhisk-legacy-auth': {
    severity: 'warning',
    title: 'OpenWhisk-era login with the legacy credential',
    means: `An OpenWhisk-era login or setting that carries the legacy credential (\`wsk … --auth\`, \`wskdeploy --auth\`, \`nim auth login\`, \`AUTH=\` in .wskprops, \`WHISK_AUTH\`, \`OW_AUTH\`, \`__OW_API_KEY\`); it stopped working after ${LEGACY_END}.`,
    fix: 'Use doctl with an access key (`doctl serverless connect <namespace> --access-key …`), or call the Functions API with basic auth `id:secret` of an access key.',
  },
  'long-lived-access-key': {
    severity: 'notice',
    title: 'Stored long-lived access key in a workflow',
    means: 'The workflow feeds an access key kept in a secret to doctl or curl. A stored key lives until someone deletes it.',
    fix: 'Mint a key per job instead (`uses: acme/functions-access-key@v1`), then delete the stored key in DigitalOcean and the secret.',
    securitySeverity: 3.0,
  },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** One thing found: where, which rule, what it is (secrets redacted) and how to fix it. */
export interface Finding {
  /** Path relative to the report's base directory, with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (as SARIF's default and GitHub's annotations count). */
  column: number;
  rule: RuleId;
  severity: Severity;
  message: string;
  /** The concrete fix for this finding. */
  fix: string;
  /** For workflow findings: the replacement steps, as YAML. */
  snippet?: string;
}
