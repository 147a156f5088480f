// The line scanner every text file goes through: legacy doctl and OpenWhisk logins, and hard-coded credentials.
// `worthScanning` is the cheap literal prefilter that keeps large trees fast: a file none of whose triggers
// occur cannot hold a finding, so the regexes below only ever run on the few files that might.
import { findCredentials, redact } from './credentials.js';
import { inlineCode } from '../../markdown.js';
import { RULES, type Finding, type RuleId } from './rules.js';

/** A finding before it knows its file; `secret` is the raw value found, for masking only. */
export type Hit = Omit<Finding, 'file'> & { secret?: string };

/** A legacy command found in a script; `index` is the offset of its keyword (`doctl`, `wsk`...). */
export interface CommandHit {
  rule: Extract<RuleId, 'doctl-connect-legacy' | 'openwhisk-legacy-auth'>;
  index: number;
  keyword: string;
  /** The command, on one line, redacted. */
  command: string;
  /** doctl only: the namespace argument, when the command names one. */
  namespace?: string;
  /** doctl only: it uses the hidden `--apihost`/`--auth` login. */
  hiddenLogin?: boolean;
}

/** An inline comment that silences every finding on its line. */
export const IGNORE_MARK = 'functions-access-key: ignore';

// Each rule's literal triggers. `_v1_` covers dof/dop/doo/dor; `AUTH` covers WHISK_AUTH, OW_AUTH and .wskprops;
// `Basic`/`basic` start authorization headers. A legacy pair is found by its `:` after a UUID (checked below).
const TRIGGERS = ['doctl', '_v1_', 'wsk', 'nim', 'AUTH', 'OW_API_KEY', 'Basic', 'basic'];

/** False when `text` cannot hold any finding (checked on a latin1 view of the bytes, so offsets are bytes). */
export function worthScanning(text: string): boolean {
  for (const trigger of TRIGGERS) if (text.includes(trigger)) return true;
  // A legacy pair: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx:` + 64 characters; the UUID's last `-` is 13 before the `:`.
  for (let at = text.indexOf(':', 36); at >= 0; at = text.indexOf(':', at + 1)) {
    if (text.charCodeAt(at - 13) === 45 && text.charCodeAt(at - 18) === 45) return true;
  }
  return false;
}

const DOCTL = /(?<![\w.-])doctl(?:\.exe)?(?=[ \t])/g;
const WSK = /(?<![\w.-])(wsk|wskdeploy)(?=[ \t])/g;
const NIM_LOGIN = /(?<![\w.-])nim[ \t]+auth[ \t]+login\b/g;
const OW_VARIABLES = /(?<![A-Za-z0-9])(?:WHISK_AUTH|OW_AUTH|__OW_API_KEY)(?![A-Za-z0-9_])/g;
const WSKPROPS_AUTH = /^[ \t]*AUTH[ \t]*=/gm;
const SERVERLESS = new Set(['serverless', 'sls', 'sandbox', 'sbx']);
/** doctl flags that take a value, so that value is not mistaken for the namespace or a subcommand. */
const VALUE_FLAGS = new Set(['-t', '--access-token', '--context', '-c', '--config', '-o', '--output', '-u', '--api-url', '--access-key', '--apihost', '--auth', '--http-retry-max', '--http-retry-wait-max', '--http-retry-wait-min']);

/** The command starting at `index`: up to an unescaped newline, `;`, `&`, `|`, a backtick or a comment; continuations joined. */
export function commandAt(script: string, index: number): string {
  let end = index;
  let command = '';
  while (end < script.length) {
    const c = script[end] as string;
    if (c === '\\' && (script[end + 1] === '\n' || (script[end + 1] === '\r' && script[end + 2] === '\n'))) {
      end += script[end + 1] === '\n' ? 2 : 3;
      command += ' ';
      continue;
    }
    if (c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '`' || (c === '#' && /\s/.test(script[end - 1] ?? ''))) break;
    command += c;
    end++;
  }
  return command.replace(/\s+/g, ' ').trim();
}

/** Is `index` inside a comment: a line starting with `#` or `//`, or after ` #` on its line? */
function inComment(script: string, index: number): boolean {
  const before = script.slice(script.lastIndexOf('\n', index - 1) + 1, index);
  return /^\s*(?:#|\/\/)|\s#/.test(before);
}

function shown(command: string): string {
  const flat = redact(command);
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

/** Words of a command: quoted strings and `${{ … }}` expressions stay whole. */
export function words(command: string): string[] {
  return command.match(/"[^"]*"|'[^']*'|\$\{\{.*?\}\}|\S+/g) ?? [];
}

function unquote(word: string): string {
  return word.replace(/^(['"])(.*)\1$/, '$2');
}

function doctlConnect(command: string): { namespace?: string; hiddenLogin: boolean; accessKey: boolean } | undefined {
  const tokens = words(command);
  let i = 1;
  // Global flags may come before and between the command words.
  const skipFlags = () => {
    while (i < tokens.length && tokens[i]?.startsWith('-')) i += VALUE_FLAGS.has(tokens[i] as string) ? 2 : 1;
  };
  skipFlags();
  if (!SERVERLESS.has(tokens[i] ?? '')) return undefined;
  i++;
  skipFlags();
  if (tokens[i] !== 'connect') return undefined;
  let namespace: string | undefined;
  let hiddenLogin = false;
  let accessKey = false;
  for (i++; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const flag = token.split('=')[0] as string;
    if (flag === '--access-key') accessKey = true;
    if (flag === '--apihost' || flag === '--auth') hiddenLogin = true;
    if (token.startsWith('-')) {
      if (VALUE_FLAGS.has(token)) i++;
    } else if (namespace === undefined) {
      namespace = unquote(token);
    }
  }
  return { namespace, hiddenLogin, accessKey };
}

/** Legacy doctl connects and OpenWhisk logins in a script (a file, or a workflow's `run:` value). */
export function findCommands(script: string): CommandHit[] {
  const hits: CommandHit[] = [];
  for (const m of script.matchAll(DOCTL)) {
    if (inComment(script, m.index)) continue;
    const command = commandAt(script, m.index);
    const connect = doctlConnect(command);
    if (!connect || (connect.accessKey && !connect.hiddenLogin)) continue;
    hits.push({ rule: 'doctl-connect-legacy', index: m.index, keyword: m[0], command: shown(command), namespace: connect.namespace, hiddenLogin: connect.hiddenLogin });
  }
  for (const m of script.matchAll(WSK)) {
    if (inComment(script, m.index)) continue;
    const command = commandAt(script, m.index);
    if (!words(command).some((token) => /^(?:-u|--auth)(?:=|$)/.test(token))) continue;
    hits.push({ rule: 'openwhisk-legacy-auth', index: m.index, keyword: m[0], command: shown(command) });
  }
  for (const m of script.matchAll(NIM_LOGIN)) {
    if (inComment(script, m.index)) continue;
    hits.push({ rule: 'openwhisk-legacy-auth', index: m.index, keyword: 'nim', command: shown(commandAt(script, m.index)) });
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** The message and fix of a command hit. */
export function describeCommand(hit: CommandHit): { message: string; fix: string } {
  if (hit.rule === 'openwhisk-legacy-auth') {
    return { message: `${inlineCode(hit.command)} logs in with the legacy namespace credential, which stopped working after 3 June 2026.`, fix: RULES[hit.rule].fix };
  }
  const ns = hit.namespace ?? '<namespace>';
  return {
    message: hit.hiddenLogin
      ? `${inlineCode(hit.command)} logs in with the legacy credential (hidden --apihost/--auth form), which stopped authenticating after 3 June 2026.`
      : `${inlineCode(hit.command)} has no --access-key: doctl fetches the legacy namespace credential, which stopped authenticating after 3 June 2026.`,
    fix: `Mint an access key first (\`uses: acme/functions-access-key@v1\` with \`connect-doctl: true\` in a workflow), or run ${inlineCode(`doctl serverless connect ${ns} --access-key "$DO_FUNCTIONS_ACCESS_KEY"`)} with a key you hold.`,
  };
}

/** 1-based line and column of every offset asked, from one pass over the line starts. */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  position(index: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] as number) <= index) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: index - (this.starts[low] as number) + 1 };
  }

  /** The line's text without its end of line. */
  line(n: number): string {
    const start = this.starts[n - 1] ?? this.text.length;
    const next = this.starts[n];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }
}

export interface TextOptions {
  /** The file's base name: `.wskprops` has its own rule. */
  name: string;
  /** Commands are left to the workflow scanner, which knows where `run:` values are. */
  commands: boolean;
}

/** Every finding in a text file, in order, except those on a line marked with IGNORE_MARK. */
export function scanText(text: string, options: TextOptions): Hit[] {
  const lines = new Lines(text);
  const hits: Hit[] = [];
  const at = (index: number) => lines.position(index);
  if (options.commands) {
    for (const hit of findCommands(text)) hits.push({ ...at(hit.index), rule: hit.rule, severity: RULES[hit.rule].severity, ...describeCommand(hit) });
  }
  for (const credential of findCredentials(text)) {
    hits.push({
      ...at(credential.index),
      rule: credential.rule,
      severity: RULES[credential.rule].severity,
      message: `Hard-coded ${credential.kind} \`${credential.redacted}\`.`,
      fix: RULES[credential.rule].fix,
      secret: credential.value,
    });
  }
  const owHit = (index: number, what: string) =>
    hits.push({ ...at(index), rule: 'openwhisk-legacy-auth', severity: RULES['openwhisk-legacy-auth'].severity, message: `${what} carried the legacy namespace credential, which stopped working after 3 June 2026.`, fix: RULES['openwhisk-legacy-auth'].fix });
  for (const m of text.matchAll(OW_VARIABLES)) owHit(m.index, `\`${m[0]}\``);
  if (options.name === '.wskprops') for (const m of text.matchAll(WSKPROPS_AUTH)) owHit(m.index + m[0].indexOf('AUTH'), '`AUTH=` in .wskprops');
  return sortHits(hits.filter((hit) => !lines.line(hit.line).includes(IGNORE_MARK)));
}

export function sortHits<T extends { line: number; column: number; rule: string }>(hits: T[]): T[] {
  return hits.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
