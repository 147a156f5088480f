export const id = 347;
export const ids = [347];
export const modules = {

/***/ 3347:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MAX_ANNOTATIONS: () => (/* binding */ MAX_ANNOTATIONS),
  runMigrate: () => (/* binding */ runMigrate)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/modes/migrate/credentials.ts
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// OpenWhisk keys are a UUID, `:`, and 64 random alphanumerics.
const LEGACY_PAIR = new RegExp(`(?<![A-Za-z0-9])(${UUID}):([A-Za-z0-9]{64})(?![A-Za-z0-9])`, 'g');
const LEGACY_PAIR_EXACT = new RegExp(`^${UUID}:[A-Za-z0-9]{64}$`);
// base64 of the 101-byte pair is 136 characters, one of them `=`.
const BASIC = /(?<![A-Za-z0-9])[Bb]asic\s+([A-Za-z0-9+/]{135}=)(?![A-Za-z0-9+/=])/g;
const ACCESS_KEY = /(?<![A-Za-z0-9_])(dof_v1_[0-9a-f]{16,64}):([A-Za-z0-9_+/=-]{8,})/g;
const API_TOKEN = /(?<![A-Za-z0-9_])(do[por])_v1_[0-9a-f]{64}(?![A-Za-z0-9])/g;
/**
 * Keys published with OpenWhisk for local installs (ansible/files/auth.guest and auth.whisk.system): public,
 * not credentials of any DigitalOcean namespace.
 */
const PUBLIC_KEYS = new Set([
    '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP',
    '789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP',
]);
/**
 * A real legacy key is 64 random alphanumerics: all-hex is a digest (a lockfile checksum, a sha256 next to a
 * UUID), and the chance that a random key has no letter past `f` is about 1 in 10^37.
 */
function isLegacyPair(pair) {
    const key = pair.slice(37);
    return !PUBLIC_KEYS.has(pair) && /[g-zG-Z]/.test(key);
}
/** Doc examples and placeholders: `fn_secret_xxxx…`, `DOSECRETKEYEXAMPLE`, `<secret>`, `your-secret`. */
function isPlaceholder(secret) {
    const rest = secret.replace(/^fn_secret_/, '');
    return /example|placeholder|your[_-]|changeme/i.test(rest) || /^(.)\1*$/.test(rest);
}
/** Every credential in `text`, in order of position. */
function findCredentials(text) {
    const found = [];
    for (const m of text.matchAll(LEGACY_PAIR)) {
        if (!isLegacyPair(m[0]))
            continue;
        found.push({ rule: 'hardcoded-legacy-credential', index: m.index, length: m[0].length, value: m[0], redacted: redactedPair(m[1]), kind: 'legacy namespace credential' });
    }
    for (const m of text.matchAll(BASIC)) {
        const decoded = Buffer.from(m[1], 'base64').toString('latin1');
        if (!LEGACY_PAIR_EXACT.test(decoded) || !isLegacyPair(decoded))
            continue;
        found.push({ rule: 'hardcoded-legacy-credential', index: m.index, length: m[0].length, value: m[1], redacted: `${m[0].slice(0, 5)} ****`, kind: 'legacy namespace credential (base64, Basic auth)' });
    }
    for (const m of text.matchAll(ACCESS_KEY)) {
        if (isPlaceholder(m[2]))
            continue;
        found.push({ rule: 'hardcoded-access-key', index: m.index, length: m[0].length, value: m[0], redacted: `${m[1]}:****`, kind: 'access key' });
    }
    for (const m of text.matchAll(API_TOKEN)) {
        found.push({ rule: 'hardcoded-api-token', index: m.index, length: m[0].length, value: m[0], redacted: `${m[1]}_v1_****`, kind: 'API token' });
    }
    return found.sort((a, b) => a.index - b.index);
}
function redactedPair(uuid) {
    return `${uuid.slice(0, 8)}-…:****`;
}
/** `text` with every credential replaced by its redacted form: for any source text that goes into output. */
function redact(text) {
    let out = '';
    let at = 0;
    for (const { index, length, redacted } of findCredentials(text)) {
        if (index < at)
            continue;
        out += text.slice(at, index) + redacted;
        at = index + length;
    }
    return out + text.slice(at);
}

// EXTERNAL MODULE: ./src/markdown.ts
var markdown = __webpack_require__(3758);
// EXTERNAL MODULE: ./src/audit/findings.ts
var findings = __webpack_require__(8293);
;// CONCATENATED MODULE: ./src/modes/migrate/rules.ts

/** When the legacy credential stopped working: every message about it says so. */
const LEGACY_END = '3 June 2026';
const RULES = {
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
const RULE_IDS = Object.keys(RULES);

;// CONCATENATED MODULE: ./src/modes/migrate/detect-text.ts
// The line scanner every text file goes through: legacy doctl and OpenWhisk logins, and hard-coded credentials.
// `worthScanning` is the cheap literal prefilter that keeps large trees fast: a file none of whose triggers
// occur cannot hold a finding, so the regexes below only ever run on the few files that might.



/** An inline comment that silences every finding on its line. */
const IGNORE_MARK = 'functions-access-key: ignore';
// Each rule's literal triggers. `_v1_` covers dof/dop/doo/dor; `AUTH` covers WHISK_AUTH, OW_AUTH and .wskprops;
// `Basic`/`basic` start authorization headers. A legacy pair is found by its `:` after a UUID (checked below).
const TRIGGERS = ['doctl', '_v1_', 'wsk', 'nim', 'AUTH', 'OW_API_KEY', 'Basic', 'basic'];
/** False when `text` cannot hold any finding (checked on a latin1 view of the bytes, so offsets are bytes). */
function worthScanning(text) {
    for (const trigger of TRIGGERS)
        if (text.includes(trigger))
            return true;
    // A legacy pair: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx:` + 64 characters; the UUID's last `-` is 13 before the `:`.
    for (let at = text.indexOf(':', 36); at >= 0; at = text.indexOf(':', at + 1)) {
        if (text.charCodeAt(at - 13) === 45 && text.charCodeAt(at - 18) === 45)
            return true;
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
function commandAt(script, index) {
    let end = index;
    let command = '';
    while (end < script.length) {
        const c = script[end];
        if (c === '\\' && (script[end + 1] === '\n' || (script[end + 1] === '\r' && script[end + 2] === '\n'))) {
            end += script[end + 1] === '\n' ? 2 : 3;
            command += ' ';
            continue;
        }
        if (c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '`' || (c === '#' && /\s/.test(script[end - 1] ?? '')))
            break;
        command += c;
        end++;
    }
    return command.replace(/\s+/g, ' ').trim();
}
/** Is `index` inside a comment: a line starting with `#` or `//`, or after ` #` on its line? */
function inComment(script, index) {
    const before = script.slice(script.lastIndexOf('\n', index - 1) + 1, index);
    return /^\s*(?:#|\/\/)|\s#/.test(before);
}
function shown(command) {
    const flat = redact(command);
    return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}
/** Words of a command: quoted strings and `${{ … }}` expressions stay whole. */
function words(command) {
    return command.match(/"[^"]*"|'[^']*'|\$\{\{.*?\}\}|\S+/g) ?? [];
}
function unquote(word) {
    return word.replace(/^(['"])(.*)\1$/, '$2');
}
function doctlConnect(command) {
    const tokens = words(command);
    let i = 1;
    // Global flags may come before and between the command words.
    const skipFlags = () => {
        while (i < tokens.length && tokens[i]?.startsWith('-'))
            i += VALUE_FLAGS.has(tokens[i]) ? 2 : 1;
    };
    skipFlags();
    if (!SERVERLESS.has(tokens[i] ?? ''))
        return undefined;
    i++;
    skipFlags();
    if (tokens[i] !== 'connect')
        return undefined;
    let namespace;
    let hiddenLogin = false;
    let accessKey = false;
    for (i++; i < tokens.length; i++) {
        const token = tokens[i];
        const flag = token.split('=')[0];
        if (flag === '--access-key')
            accessKey = true;
        if (flag === '--apihost' || flag === '--auth')
            hiddenLogin = true;
        if (token.startsWith('-')) {
            if (VALUE_FLAGS.has(token))
                i++;
        }
        else if (namespace === undefined) {
            namespace = unquote(token);
        }
    }
    return { namespace, hiddenLogin, accessKey };
}
/** Legacy doctl connects and OpenWhisk logins in a script (a file, or a workflow's `run:` value). */
function findCommands(script) {
    const hits = [];
    for (const m of script.matchAll(DOCTL)) {
        if (inComment(script, m.index))
            continue;
        const command = commandAt(script, m.index);
        const connect = doctlConnect(command);
        if (!connect || (connect.accessKey && !connect.hiddenLogin))
            continue;
        hits.push({ rule: 'doctl-connect-legacy', index: m.index, keyword: m[0], command: shown(command), namespace: connect.namespace, hiddenLogin: connect.hiddenLogin });
    }
    for (const m of script.matchAll(WSK)) {
        if (inComment(script, m.index))
            continue;
        const command = commandAt(script, m.index);
        if (!words(command).some((token) => /^(?:-u|--auth)(?:=|$)/.test(token)))
            continue;
        hits.push({ rule: 'openwhisk-legacy-auth', index: m.index, keyword: m[0], command: shown(command) });
    }
    for (const m of script.matchAll(NIM_LOGIN)) {
        if (inComment(script, m.index))
            continue;
        hits.push({ rule: 'openwhisk-legacy-auth', index: m.index, keyword: 'nim', command: shown(commandAt(script, m.index)) });
    }
    return hits.sort((a, b) => a.index - b.index);
}
/** The message and fix of a command hit. */
function describeCommand(hit) {
    if (hit.rule === 'openwhisk-legacy-auth') {
        return { message: `${(0,markdown/* inlineCode */.ti)(hit.command)} logs in with the legacy namespace credential, which stopped working after 3 June 2026.`, fix: RULES[hit.rule].fix };
    }
    const ns = hit.namespace ?? '<namespace>';
    return {
        message: hit.hiddenLogin
            ? `${(0,markdown/* inlineCode */.ti)(hit.command)} logs in with the legacy credential (hidden --apihost/--auth form), which stopped authenticating after 3 June 2026.`
            : `${(0,markdown/* inlineCode */.ti)(hit.command)} has no --access-key: doctl fetches the legacy namespace credential, which stopped authenticating after 3 June 2026.`,
        fix: `Mint an access key first (\`uses: acme/functions-access-key@v1\` with \`connect-doctl: true\` in a workflow), or run ${(0,markdown/* inlineCode */.ti)(`doctl serverless connect ${ns} --access-key "$DO_FUNCTIONS_ACCESS_KEY"`)} with a key you hold.`,
    };
}
/** 1-based line and column of every offset asked, from one pass over the line starts. */
class Lines {
    text;
    starts = [0];
    constructor(text) {
        this.text = text;
        for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1))
            this.starts.push(at + 1);
    }
    position(index) {
        let low = 0;
        let high = this.starts.length - 1;
        while (low < high) {
            const mid = (low + high + 1) >> 1;
            if (this.starts[mid] <= index)
                low = mid;
            else
                high = mid - 1;
        }
        return { line: low + 1, column: index - this.starts[low] + 1 };
    }
    /** The line's text without its end of line. */
    line(n) {
        const start = this.starts[n - 1] ?? this.text.length;
        const next = this.starts[n];
        return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
    }
}
/** Every finding in a text file, in order, except those on a line marked with IGNORE_MARK. */
function scanText(text, options) {
    const lines = new Lines(text);
    const hits = [];
    const at = (index) => lines.position(index);
    if (options.commands) {
        for (const hit of findCommands(text))
            hits.push({ ...at(hit.index), rule: hit.rule, severity: RULES[hit.rule].severity, ...describeCommand(hit) });
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
    const owHit = (index, what) => hits.push({ ...at(index), rule: 'openwhisk-legacy-auth', severity: RULES['openwhisk-legacy-auth'].severity, message: `${what} carried the legacy namespace credential, which stopped working after 3 June 2026.`, fix: RULES['openwhisk-legacy-auth'].fix });
    for (const m of text.matchAll(OW_VARIABLES))
        owHit(m.index, `\`${m[0]}\``);
    if (options.name === '.wskprops')
        for (const m of text.matchAll(WSKPROPS_AUTH))
            owHit(m.index + m[0].indexOf('AUTH'), '`AUTH=` in .wskprops');
    return sortHits(hits.filter((hit) => !lines.line(hit.line).includes(IGNORE_MARK)));
}
function sortHits(hits) {
    return hits.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

;// CONCATENATED MODULE: ./src/modes/migrate/mint-step.ts
// The mint step that replaces a legacy `doctl serverless connect`: the fix a finding shows, and the text the
// fix mode writes. One place, so what the summary suggests is exactly what a fix inserts.

/** The action as a workflow refers to it. The action passes its own repository and major version. */
const DEFAULT_ACTION = 'acme/functions-access-key@v1';
/** `owner/repo@vN` from the runner's GITHUB_ACTION_REPOSITORY / GITHUB_ACTION_REF, else the default. */
function actionUses(env) {
    const repository = env.GITHUB_ACTION_REPOSITORY;
    const major = /^v\d+/.exec(env.GITHUB_ACTION_REF ?? '')?.[0];
    return repository && major ? `${repository}@${major}` : DEFAULT_ACTION;
}
const TODO_NAMESPACE = 'TODO # functions-access-key: the namespace could not be told from the command; set its ID (fn-…) or label';
/** The step's lines, unindented; `- ` starts the first. */
function mintStepLines(step) {
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
function yamlScalar(value) {
    const plain = /^\$\{\{.*\}\}$/.test(value) || /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value);
    return plain && (0,dist/* parse */.qg)(value, { version: '1.1' }) === value && (0,dist/* parse */.qg)(value) === value ? value : `'${value.replace(/'/g, "''")}'`;
}
/** What a connect inside a longer script gets: the key the mint step exported. */
const ACCESS_KEY_ARGUMENT = ' --access-key "$DO_FUNCTIONS_ACCESS_KEY"';
/** The step as a flow mapping, for a step written `{ run: … }`: values quoted unless plainly safe in flow context. */
function mintStepFlow(step) {
    const flow = (value) => (/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) ? yamlScalar(value) : `'${value.replace(/'/g, "''")}'`);
    const namespace = step.namespace === undefined ? 'TODO' : flow(step.namespace);
    return `uses: ${step.uses}, with: {token: ${flow(step.token)}, namespace: ${namespace}${step.connectDoctl ? ', connect-doctl: true' : ''}}`;
}

;// CONCATENATED MODULE: ./src/modes/migrate/detect-workflow.ts
// Workflows and composite actions, parsed with `yaml`: legacy commands inside `run:` values (block scalars,
// folded or literal, CRLF, tabs, anchors and aliases), placed at their exact line and column in the file; stored
// access keys fed to doctl or curl; and for each legacy connect the mint step that replaces it.






/** `.github/workflows/*.yml` at any depth, and `action.yml` anywhere (composite actions). */
function workflowKind(path) {
    if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path))
        return 'workflow';
    if (/(?:^|\/)action\.ya?ml$/.test(path))
        return 'action';
    return undefined;
}
const DEFAULT_TOKEN = '${{ secrets.DIGITALOCEAN_TOKEN }}';
function resolve(doc, node) {
    return (0,dist/* isAlias */.Vj)(node) ? node.resolve(doc) : node;
}
function stringMap(doc, node) {
    const map = resolve(doc, node);
    const out = {};
    if (!(0,dist/* isMap */.jh)(map))
        return out;
    for (const pair of map.items) {
        const key = resolve(doc, pair.key);
        const value = resolve(doc, pair.value);
        if ((0,dist/* isScalar */.jn)(key) && (0,dist/* isScalar */.jn)(value) && value.value !== null)
            out[String(key.value)] = String(value.value);
    }
    return out;
}
function get(doc, node, key) {
    const map = resolve(doc, node);
    return (0,dist/* isMap */.jh)(map) ? resolve(doc, map.get(key, true)) : undefined;
}
/** Parses a workflow or composite action; undefined when it is not valid YAML or has no steps. */
function parseWorkflow(text, kind) {
    // Source tokens: the fix needs the position of each step's `-`.
    const doc = (0,dist/* parseDocument */.Tp)(text, { uniqueKeys: false, keepSourceTokens: true });
    if (doc.errors.length > 0 || !(0,dist/* isMap */.jh)(doc.contents))
        return undefined;
    const jobs = [];
    const topEnv = stringMap(doc, get(doc, doc.contents, 'env'));
    if (kind === 'workflow') {
        const jobMap = get(doc, doc.contents, 'jobs');
        if ((0,dist/* isMap */.jh)(jobMap)) {
            for (const pair of jobMap.items) {
                const job = resolve(doc, pair.value);
                jobs.push({ env: { ...topEnv, ...stringMap(doc, get(doc, job, 'env')) }, steps: get(doc, job, 'steps') });
            }
        }
    }
    else {
        jobs.push({ env: topEnv, steps: get(doc, get(doc, doc.contents, 'runs'), 'steps') });
    }
    const steps = new Map();
    const aliased = new Set();
    const todos = [];
    let token;
    for (const job of jobs) {
        if (!(0,dist/* isSeq */.oP)(job.steps))
            continue;
        job.steps.items.forEach((item, index) => {
            const step = resolve(doc, item);
            if (!(0,dist/* isMap */.jh)(step))
                return;
            if ((0,dist/* isAlias */.Vj)(item))
                aliased.add(step);
            const env = { ...job.env, ...stringMap(doc, get(doc, step, 'env')) };
            const uses = get(doc, step, 'uses');
            if ((0,dist/* isScalar */.jn)(uses) && /^digitalocean\/action-doctl@/.test(String(uses.value))) {
                token ??= stringMap(doc, get(doc, step, 'with')).token;
            }
            if ((0,dist/* isScalar */.jn)(uses) && /(?:^|\/)functions-access-key@/.test(String(uses.value))) {
                const namespace = get(doc, get(doc, step, 'with'), 'namespace');
                if ((0,dist/* isScalar */.jn)(namespace) && String(namespace.value).startsWith('TODO'))
                    todos.push(namespace);
            }
            token ??= env.DIGITALOCEAN_ACCESS_TOKEN;
            const run = get(doc, step, 'run');
            if (!(0,dist/* isScalar */.jn)(run) || typeof run.value !== 'string' || !run.range)
                return;
            const known = steps.get(step) ?? { step, aliased: false, run, script: run.value, env };
            if (!(0,dist/* isAlias */.Vj)(item))
                Object.assign(known, { seq: job.steps, index });
            steps.set(step, known);
        });
    }
    for (const step of steps.values())
        step.aliased = aliased.has(step.step);
    return { doc, lines: new Lines(text), steps: [...steps.values()], token: token ?? DEFAULT_TOKEN, todos };
}
/** Offset in the file of `hit`'s keyword: the same occurrence, counted in the value and in its source text. */
function sourceOffset(text, run, script, index, word) {
    const [start, end] = run.range;
    let ordinal = 0;
    for (let at = script.indexOf(word); at >= 0 && at < index; at = script.indexOf(word, at + 1))
        ordinal++;
    let found = text.indexOf(word, start);
    for (; ordinal > 0 && found >= 0; ordinal--)
        found = text.indexOf(word, found + 1);
    return found >= 0 && found < end ? found : start;
}
/** The namespace for the mint step: a literal or an expression, or a shell variable the env defines. */
function namespaceFor(hit, env) {
    const named = hit.namespace;
    if (named === undefined)
        return undefined;
    if (/^\$\{\{.*\}\}$/.test(named) || !named.includes('$'))
        return named;
    const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(named)?.[1];
    const value = variable === undefined ? undefined : env[variable];
    return value !== undefined && (/^\$\{\{.*\}\}$/.test(value) || !value.includes('$')) ? value : undefined;
}
/** The step that replaces a legacy connect, or comes before the line that gets --access-key. */
/** Is the connect at `index` all the script runs (comments and blank lines aside)? */
function runsAlone(script, index) {
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
function mintStepFor(workflow, step, hit, uses) {
    return { uses, token: workflow.token, namespace: namespaceFor(hit, step.env), connectDoctl: runsAlone(step.script, hit.index) };
}
const CREDENTIAL_ARG = /(?<![\w-])(--access-key|--user|-u)(?:[ \t]+|=)("[^"\n]*"|'[^'\n]*'|\$\{\{[^}\n]*\}\}|[^\s;&|]+)/g;
/** A stored access key (a secret) passed to doctl's --access-key or curl's -u/--user. */
function storedKeys(step) {
    const out = [];
    for (const m of step.script.matchAll(CREDENTIAL_ARG)) {
        const line = step.script.slice(step.script.lastIndexOf('\n', m.index) + 1, m.index);
        if (!/(?<![\w.-])(?:doctl|curl)\b/.test(line))
            continue;
        if (m[1] === '--access-key' ? !/doctl/.test(line) : !/curl/.test(line))
            continue;
        const value = m[2].replace(/^(['"])(.*)\1$/, '$2');
        const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value)?.[1];
        const secret = /\$\{\{\s*secrets\./.test(value) || (variable !== undefined && /\$\{\{\s*secrets\./.test(step.env[variable] ?? ''));
        if (secret)
            out.push({ index: m.index + m[0].indexOf(m[2]), value });
    }
    return out;
}
/** Findings in a parsed workflow's `run:` values; line-marked ones left out, aliases reported once. */
function scanWorkflow(text, workflow, uses) {
    const hits = [];
    const seen = new Set();
    const add = (hit) => {
        const key = `${hit.line}:${hit.column}:${hit.rule}`;
        if (seen.has(key) || workflow.lines.line(hit.line).includes(IGNORE_MARK))
            return;
        seen.add(key);
        hits.push(hit);
    };
    for (const todo of workflow.todos) {
        add({
            ...workflow.lines.position(todo.range[0]),
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
                : `Add the step below before this one, and change the command to ${(0,markdown/* inlineCode */.ti)(`${command.command}${ACCESS_KEY_ARGUMENT}`)}.`;
            add({ ...position, rule: command.rule, severity: RULES[command.rule].severity, message: described.message, fix, snippet: mintStepLines(mint).join('\n') });
        }
        for (const stored of storedKeys(step)) {
            const position = workflow.lines.position(sourceOffset(text, step.run, step.script, stored.index, stored.value));
            add({
                ...position,
                rule: 'long-lived-access-key',
                severity: RULES['long-lived-access-key'].severity,
                message: `${(0,markdown/* inlineCode */.ti)(redact(stored.value))} is a stored access key passed to doctl or curl: it lives until someone deletes it.`,
                fix: RULES['long-lived-access-key'].fix,
            });
        }
    }
    return sortHits(hits);
}

;// CONCATENATED MODULE: ./src/modes/migrate/glob.ts
// `ignore` globs, gitignore-style, matched against paths relative to the scanned directory: `*` and `?` within a
// segment, `**` across segments, `[a-z]` / `[!a-z]` classes, `{a,b}` alternatives; a pattern without `/` matches a name at any depth, and
// `dir/**` also matches `dir` itself, so a whole tree is pruned without being read.
function segmentSource(glob) {
    let out = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*' && glob[i + 1] === '*') {
            const slashAfter = glob[i + 2] === '/';
            out += slashAfter ? '(?:.*/)?' : '.*';
            i += slashAfter ? 2 : 1;
        }
        else if (c === '*')
            out += '[^/]*';
        else if (c === '?')
            out += '[^/]';
        else if (c === '[' && glob.indexOf(']', i + 2) > 0) {
            const close = glob.indexOf(']', i + 2);
            const body = glob.slice(i + 1, close).replace(/[\\\]^]/g, '\\$&');
            // A negated class never matches the separator.
            out += body.startsWith('!') ? `[^/${body.slice(1)}]` : `[${body}]`;
            i = close;
        }
        else if (c === '{') {
            const close = glob.indexOf('}', i);
            if (close < 0)
                out += '\\{';
            else {
                out += `(?:${glob.slice(i + 1, close).split(',').map(segmentSource).join('|')})`;
                i = close;
            }
        }
        else
            out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
    return out;
}
/** One test for all the globs; undefined when there are none. */
function globMatcher(globs = []) {
    const sources = globs
        .map((glob) => glob.trim().replace(/^\.\//, '').replace(/\/+$/, ''))
        .filter(Boolean)
        .map((glob) => {
        const anchored = glob.startsWith('/') || glob.slice(0, -1).includes('/');
        const body = segmentSource(glob.replace(/^\//, '')).replace(/\/\.\*$/, '(?:/.*)?');
        return anchored ? body : `(?:.*/)?${body}`;
    });
    if (sources.length === 0)
        return undefined;
    const regex = new RegExp(`^(?:${sources.join('|')})$`);
    return (path) => regex.test(path);
}

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/modes/migrate/walk.ts
// The file tree walk: streamed (a stack of directories, never a list of every file), in a stable order, without
// following symbolic links, pruning VCS and vendored trees and ignored paths before reading them. Reading is
// synchronous into one reused buffer: for many small files that beats libuv's pool, and memory stays the same
// however large the tree (a large tree is read on worker threads instead: read-pool.ts).


/** Directories never scanned: version control, and trees of other people's code. */
const VENDORED = new Set(['.git', '.hg', '.svn', 'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party', '.venv', 'venv', '__pycache__', '.terraform', '.tox']);
/** Files larger than this are skipped: credentials live in small files, and a bound keeps memory flat. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Bytes looked at for a NUL, as git does to call a file binary. */
const BINARY_PROBE = 8000;
/**
 * Every regular file under `root` (or `root` itself when it is a file), depth first, names sorted, with what it
 * leaves out where it leaves it out. `ignored` takes relative paths (with `/`), files and directories.
 */
function* walk(root, ignored) {
    if ((0,external_node_fs_.statSync)(root).isFile()) {
        yield { absolute: root, path: (0,external_node_path_.basename)(root) };
        return;
    }
    const stack = [{ absolute: root, path: '' }];
    while (stack.length > 0) {
        const dir = stack.pop();
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(dir.absolute, { withFileTypes: true });
        }
        catch {
            yield { path: dir.path || '.', reason: 'unreadable' };
            continue;
        }
        // Stryker disable next-line EqualityOperator: names in one directory are never equal
        entries.sort((a, b) => (a.name < b.name ? -1 : 1));
        const subdirs = [];
        for (const entry of entries) {
            const path = dir.path ? `${dir.path}/${entry.name}` : entry.name;
            const absolute = (0,external_node_path_.join)(dir.absolute, entry.name);
            if (entry.isSymbolicLink())
                yield { path, reason: 'symlink' };
            else if (ignored?.(path))
                yield { path, reason: 'ignored' };
            else if (entry.isDirectory()) {
                if (VENDORED.has(entry.name))
                    yield { path, reason: 'vendored' };
                else
                    subdirs.push({ absolute, path });
            }
            else if (entry.isFile())
                yield { absolute, path };
        }
        // Pushed in reverse so that they come off the stack in name order.
        for (let i = subdirs.length - 1; i >= 0; i--)
            stack.push(subdirs[i]);
    }
}
/** Reads a file into `buffer` (which must hold MAX_FILE_BYTES); the bytes are valid until the next read. */
function readFile(absolute, buffer, maxBytes = MAX_FILE_BYTES) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(absolute, 'r');
        const size = (0,external_node_fs_.fstatSync)(fd).size;
        if (size > maxBytes)
            return { skipped: 'too-large' };
        let length = 0;
        // Stryker disable next-line EqualityOperator: one more read at the end returns 0, which stops the loop too
        while (length < size) {
            const read = (0,external_node_fs_.readSync)(fd, buffer, length, size - length, length);
            if (read === 0)
                break;
            length += read;
        }
        const bytes = buffer.subarray(0, length);
        if (bytes.subarray(0, BINARY_PROBE).includes(0))
            return { skipped: 'binary' };
        return { bytes };
    }
    catch {
        return { skipped: 'unreadable' };
    }
    finally {
        if (fd !== undefined)
            (0,external_node_fs_.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./src/modes/migrate/inspect.ts
// What the scan needs of one file, worked out where the file is read (on a worker thread, for a large tree): why it
// is skipped, or its size and, only when a scanner could find something in it, its text.


/**
 * Reads `absolute` into `buffer` (which must hold `maxBytes`). `always` gives the text of a file that the
 * prefilter would turn away: workflows are always parsed, since a stored key fed to curl has no literal trigger.
 */
function inspectFile(absolute, buffer, maxBytes, always) {
    const read = readFile(absolute, buffer, maxBytes);
    if ('skipped' in read)
        return read;
    const bytes = read.bytes.length;
    // The prefilter only saves time: scanFile finds nothing in a file it turns away.
    // Stryker disable next-line ConditionalExpression: see above
    if (!always && !worthScanning(read.bytes.toString('latin1')))
        return { bytes };
    return { bytes, text: read.bytes.toString('utf8').replace(/^\uFEFF/, '') };
}

;// CONCATENATED MODULE: ./src/modes/migrate/read-pool.ts
// Reading a large tree on worker threads, so that a scan uses every core as ripgrep does. The walk stays on this
// thread and hands out batches of files; answers are taken in walk order, so a scan's result is the same whatever
// the number of threads, and the walk runs at most two batches per thread ahead, so memory stays flat. A tree
// smaller than one batch is read on this thread: starting a worker costs more than reading a few hundred files.




/** Files per message to a worker. */
const BATCH = 256;
/** One worker per core; past eight, reading waits on the disk and the walk, not on the CPU. */
// Stryker disable next-line MethodExpression: how many threads read changes the speed, not what is found
const READ_THREADS = Math.min((0,external_node_os_.availableParallelism)(), 8);
/**
 * The built worker, beside the bundle that loads this code (dist/main/ or dist/cli/). The comment keeps ncc from
 * taking the path for an asset to copy into the bundle.
 */
// Stryker disable next-line StringLiteral: unit tests start the built worker by its path from test/; the end-to-end tests start this one
const READ_WORKER = new URL(/* webpackIgnore: true */ '../read-worker/index.js', __webpack_require__.b);
/** Worker threads; each answers its batches in the order it was sent them. */
class Readers {
    threads;
    constructor(count, url, maxBytes) {
        this.threads = Array.from({ length: count }, () => {
            const thread = { worker: new external_node_worker_threads_.Worker(url, { workerData: { maxBytes } }), waiting: [] };
            const fail = (error) => {
                thread.failed ??= new errors/* ActionError */.lZ(`migrate: a thread reading files failed: ${(0,errors/* describe */.q0)(error)}`);
                for (const waiter of thread.waiting.splice(0))
                    waiter.reject(thread.failed);
            };
            // A worker answers only what it was sent, so someone is waiting for every answer.
            thread.worker.on('message', (answers) => thread.waiting.shift().resolve(answers));
            thread.worker.on('error', fail);
            thread.worker.on('exit', (code) => fail(new Error(`it stopped with exit code ${code}`)));
            return thread;
        });
    }
    read(files) {
        const thread = this.threads.reduce((least, next) => (next.waiting.length < least.waiting.length ? next : least));
        if (thread.failed)
            return Promise.reject(thread.failed);
        return new Promise((resolve, reject) => {
            thread.waiting.push({ resolve, reject });
            thread.worker.postMessage(files);
        });
    }
    async close() {
        await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
    }
}
/** Every walked path with what reading it found, in walk order, a batch at a time. */
async function* inspectAll(walked, options) {
    let readers;
    let buffer;
    const readHere = (files) => {
        buffer ??= Buffer.allocUnsafe(options.maxBytes);
        return files.map((file) => inspectFile(file.absolute, buffer, options.maxBytes, options.always(file.absolute)));
    };
    const queue = [];
    const send = (items) => {
        const files = items.filter((item) => 'absolute' in item);
        const answers = readers ? readers.read(files.map((file) => [file.absolute, options.always(file.absolute)])) : Promise.resolve(readHere(files));
        // Awaited in turn below, which throws the failure; until then it must not count as unhandled.
        answers.catch(() => undefined);
        queue.push({ items, answers });
    };
    const next = async () => {
        const { items, answers } = queue.shift();
        const inspections = await answers;
        let at = 0;
        return items.map((item) => ('absolute' in item ? { file: item, inspection: inspections[at++] } : item));
    };
    try {
        let items = [];
        let files = 0;
        for (const item of walked) {
            items.push(item);
            if (!('absolute' in item) || ++files < BATCH)
                continue;
            if (options.threads > 0)
                readers ??= new Readers(options.threads, options.worker, options.maxBytes);
            send(items);
            items = [];
            files = 0;
            while (queue.length > 2 * options.threads)
                yield await next();
        }
        send(items);
        while (queue.length > 0)
            yield await next();
    }
    finally {
        await readers?.close();
    }
}

;// CONCATENATED MODULE: ./src/modes/migrate/scan.ts
// One scan of a tree: walk, read and prefilter (read-pool.ts: on worker threads for a large tree), then the text
// scanner for every file and the workflow scanner for workflows and composite actions. Pure apart from reading
// files; the action and the CLI call scan, the fix calls scanFile.








/** Skipped paths kept for the report; past this only the counts grow, so memory stays flat on any tree. */
const MAX_SKIPPED_LISTED = 1000;
/** The hits of one file's text; `path` decides how it is read (workflow, .wskprops, anything else). */
function scanFile(path, text, uses = DEFAULT_ACTION) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const kind = workflowKind(path);
    const workflow = kind ? parseWorkflow(text, kind) : undefined;
    if (!workflow)
        return worthScanning(text) ? scanText(text, { name, commands: true }) : [];
    // Stryker disable next-line ObjectLiteral: a workflow's name is never .wskprops, and its commands are the workflow scanner's either way
    return sortHits([...scanText(text, { name, commands: false }), ...scanWorkflow(text, workflow, uses)]);
}
async function scan(options) {
    const root = (0,external_node_path_.resolve)(options.root);
    const base = (0,external_node_path_.resolve)(options.base ?? ((0,external_node_fs_.statSync)(root).isFile() ? (0,external_node_path_.dirname)(root) : root));
    const result = {
        findings: [],
        files: 0,
        bytes: 0,
        skipped: [],
        skippedCounts: { vendored: 0, ignored: 0, symlink: 0, binary: 0, 'too-large': 0, unreadable: 0 },
    };
    const posix = (path) => path.split(external_node_path_.sep).join('/');
    /** Relative to the base; relative to the root when the root is outside the base. */
    const fromBase = (absolute, path) => {
        const rel = posix((0,external_node_path_.relative)(base, absolute));
        return rel && !rel.startsWith('../') && rel !== '..' ? rel : path;
    };
    const skip = (absolute, path, reason) => {
        result.skippedCounts[reason]++;
        if (result.skipped.length < MAX_SKIPPED_LISTED)
            result.skipped.push({ path: fromBase(absolute, path), reason });
    };
    const secrets = new Set();
    const reading = {
        maxBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
        threads: options.threads ?? READ_THREADS,
        worker: options.worker ?? READ_WORKER,
        // The absolute path tells a workflow, also when the root is the workflow file itself. Only a saving: scanFile
        // finds nothing in a file the prefilter turns away.
        // Stryker disable next-line ConditionalExpression: see above
        always: (absolute) => workflowKind(posix(absolute)) !== undefined,
    };
    for await (const batch of inspectAll(walk(root, globMatcher(options.ignore)), reading)) {
        for (const item of batch) {
            if ('reason' in item) {
                skip((0,external_node_path_.resolve)(root, item.path), item.path, item.reason);
                continue;
            }
            const { file, inspection } = item;
            if ('skipped' in inspection) {
                skip(file.absolute, file.path, inspection.skipped);
                continue;
            }
            result.files++;
            result.bytes += inspection.bytes;
            if (inspection.text === undefined)
                continue;
            for (const { secret, ...hit } of scanFile(posix(file.absolute), inspection.text, options.uses)) {
                if (secret)
                    secrets.add(secret);
                result.findings.push({ file: fromBase(file.absolute, file.path), ...hit });
            }
        }
    }
    result.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    return { ...result, secrets: [...secrets] };
}

;// CONCATENATED MODULE: ./src/modes/migrate/fix/plan.ts
// Plans the rewrite of one workflow: every edit is a span of the ORIGINAL text and its replacement, found through the
// parser's node ranges and source tokens, so that everything a fix does not touch stays byte for byte (comments,
// key order, quoting, blank lines, anchors, CRLF). Re-serialising the document would reflow and requote it.





/** Keys a `uses:` step may not have. */
const RUN_ONLY_KEYS = new Set(['shell', 'working-directory']);
function lineStart(text, offset) {
    return text.lastIndexOf('\n', offset - 1) + 1;
}
function range(node) {
    return node.range;
}
function keyName(pair) {
    return (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : '';
}
/** The line break the file uses. */
function newline(text) {
    return text.includes('\r\n') ? '\r\n' : '\n';
}
/** Removes a pair of a block or flow mapping, and its line when it has one to itself. */
function deletePair(text, map, index) {
    const pair = map.items[index];
    const [keyStart] = range(pair.key);
    const valueEnd = range(pair.value);
    const next = map.items[index + 1];
    if (map.flow) {
        const previous = map.items[index - 1];
        if (previous)
            return { start: range(previous.value)[1], end: valueEnd[1], text: '' };
        return { start: keyStart, end: next ? range(next.key)[0] : valueEnd[1], text: '' };
    }
    const start = lineStart(text, keyStart);
    if (/^[ \t]*$/.test(text.slice(start, keyStart)))
        return { start, end: valueEnd[2], text: '' };
    // The pair shares its line with `- `: the next pair moves up onto it.
    return { start: keyStart, end: next ? range(next.key)[0] : valueEnd[2], text: '' };
}
/** The step, alone a connect, becomes the mint step: its `run:` pair is replaced; name, if, env and the rest stay. */
function replaceRun(text, step, mint) {
    const map = step.step;
    const index = map.items.findIndex((pair) => keyName(pair) === 'run');
    const pair = map.items[index];
    const [keyStart] = range(pair.key);
    const valueEnd = range(pair.value);
    const edits = [];
    if (map.flow) {
        edits.push({ start: keyStart, end: valueEnd[1], text: mintStepFlow(mint) });
    }
    else {
        const eol = newline(text);
        const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
        const lines = mintStepLines(mint).map((line) => line.slice(2));
        const replaced = text.slice(keyStart, valueEnd[2]);
        edits.push({ start: keyStart, end: valueEnd[2], text: lines.join(`${eol}${indent}`) + (replaced.endsWith('\n') ? eol : '') });
    }
    map.items.forEach((other, i) => {
        if (RUN_ONLY_KEYS.has(keyName(other)))
            edits.push(deletePair(text, map, i));
    });
    return edits;
}
/** The mint step, inserted as a block item on the lines before the step's `-`. */
function insertBefore(text, step, mint) {
    const token = step.seq?.srcToken;
    const dash = token?.type === 'block-seq' ? token.items?.[step.index]?.start.find((t) => t.type === 'seq-item-ind') : undefined;
    if (!dash)
        return undefined;
    const start = lineStart(text, dash.offset);
    const indent = text.slice(start, dash.offset);
    if (!/^[ \t]*$/.test(indent))
        return undefined;
    const eol = newline(text);
    return { start, end: start, text: mintStepLines(mint).map((line) => `${indent}${line}${eol}`).join('') };
}
/** Where the connect command ends in the file: each of its words found in turn from its keyword on. */
function commandEnd(text, step, hit) {
    const [, end] = range(step.run);
    let at = sourceOffset(text, step.run, step.script, hit.index, hit.keyword);
    for (const word of words(commandAt(step.script, hit.index))) {
        const found = text.indexOf(word, at);
        if (found < 0 || found >= end)
            return undefined;
        at = found + word.length;
    }
    return at;
}
/** The `if:` of a step, as written, when it is on one line. */
function condition(text, map) {
    const pair = map.items.find((p) => keyName(p) === 'if');
    if (!pair || !(0,dist/* isScalar */.jn)(pair.value))
        return undefined;
    const [start, end] = range(pair.value);
    const written = text.slice(start, end);
    return written.includes('\n') ? undefined : written;
}
function plan_shown(command) {
    return command.length > 80 ? `${command.slice(0, 79)}…` : command;
}
/** The edits that fix every legacy connect of a workflow that can be fixed safely; the others say why not. */
function planWorkflow(text, uses, workflow = parseWorkflow(text, 'workflow')) {
    const plan = { edits: [], outcomes: [] };
    if (!workflow)
        return plan;
    for (const step of workflow.steps) {
        const hits = findCommands(step.script).filter((hit) => hit.rule === 'doctl-connect-legacy');
        for (const hit of hits) {
            const line = workflow.lines.position(sourceOffset(text, step.run, step.script, hit.index, hit.keyword)).line;
            // Silenced on purpose (`# functions-access-key: ignore`): neither reported nor rewritten.
            if (workflow.lines.line(line).includes(IGNORE_MARK))
                continue;
            const outcome = (fixed, what) => plan.outcomes.push({ line, command: plan_shown(hit.command), fixed, what });
            if (hit.hiddenLogin) {
                outcome(false, 'it logs in with a literal legacy credential (`--apihost`/`--auth`): remove the credential and mint an access key instead');
                continue;
            }
            if (step.run.anchor) {
                outcome(false, 'its `run:` value is anchored and may be used elsewhere: fix it by hand');
                continue;
            }
            const mint = mintStepFor(workflow, step, hit, uses);
            if (mint.connectDoctl) {
                plan.edits.push(...replaceRun(text, step, mint));
                outcome(true, `the step became a mint step (\`connect-doctl: true\`) in namespace ${mint.namespace === undefined ? '`TODO`: set it' : (0,markdown/* inlineCode */.ti)(mint.namespace)}`);
                continue;
            }
            if (hits.length > 1) {
                outcome(false, 'its step runs several legacy connects: split it, or fix it by hand');
                continue;
            }
            const before = step.aliased ? undefined : insertBefore(text, { ...step, step: step.step }, { ...mint, if: condition(text, step.step) });
            const end = commandEnd(text, step, hit);
            if (!before || end === undefined) {
                outcome(false, step.aliased ? 'its step is also used through a YAML alias: fix it by hand' : 'the step could not be rewritten safely here (flow-style steps or escaped quotes): fix it by hand');
                continue;
            }
            const argument = step.run.type === 'QUOTE_DOUBLE' ? ACCESS_KEY_ARGUMENT.replace(/"/g, '\\"') : ACCESS_KEY_ARGUMENT;
            plan.edits.push(before, { start: end, end, text: argument });
            outcome(true, `a mint step was added before the step, and the command got \`--access-key "$DO_FUNCTIONS_ACCESS_KEY"\` (namespace ${mint.namespace === undefined ? '`TODO`: set it' : (0,markdown/* inlineCode */.ti)(mint.namespace)})`);
        }
    }
    return plan;
}
/** Applies non-overlapping edits to `text`, from the last to the first. */
function applyEdits(text, edits) {
    let out = text;
    for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end))
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
}

;// CONCATENATED MODULE: ./src/modes/migrate/fix/index.ts
// The fix of a scanned tree: which workflows change and how (checked before anything is written: the new text
// parses, and migrate finds no legacy connect left in it but those it said it could not fix), and what is left for
// a human: hard-coded credentials are never "fixed" by moving them, only reported with what to do.




/** What a person does about a finding no fix touches. */
function taskFor(finding) {
    switch (finding.rule) {
        case 'hardcoded-legacy-credential':
            return `${finding.message} The legacy pair stopped working after 3 June 2026: delete it from the file (there is nothing to revoke) and use a per-job access key.`;
        case 'hardcoded-access-key':
            return `${finding.message} Delete this key in DigitalOcean first (doctl serverless key delete <id>), then remove it from the file and keep a replacement in a secret, or mint per job.`;
        case 'hardcoded-api-token':
            return `${finding.message} Revoke this token in DigitalOcean (API → Tokens) first, then remove it from the file and pass a new one from a secret.`;
        default:
            return `${finding.message} ${finding.fix}`;
    }
}
/** Plans and checks the rewrite of one workflow; undefined when nothing in it can be fixed. */
function fixWorkflow(path, text, uses) {
    const plan = planWorkflow(text, uses, parseWorkflow(text, 'workflow'));
    if (plan.edits.length === 0)
        return plan.outcomes.length ? { path, before: text, after: text, outcomes: plan.outcomes } : undefined;
    const after = applyEdits(text, plan.edits);
    const left = plan.outcomes.filter((o) => !o.fixed).length;
    const remaining = scanFile(path, after, uses).filter((f) => f.rule === 'doctl-connect-legacy' && !f.message.includes('namespace: TODO')).length;
    if ((0,dist/* parseDocument */.Tp)(after).errors.length > 0 || remaining !== left) {
        const why = 'the rewrite did not check out (it would not parse, or left a legacy connect): fix it by hand';
        return { path, before: text, after: text, outcomes: plan.outcomes.map((o) => ({ ...o, fixed: false, what: why })) };
    }
    return { path, before: text, after, outcomes: plan.outcomes };
}
/**
 * Fixes the workflows among the findings' files (read with `read`), and lists every other finding as a task.
 * Composite actions are not rewritten: they cannot read secrets, so the token has to come in as an input.
 */
function fixFindings(findings, read, uses) {
    const changes = [];
    const tasks = [];
    // Only a narrowing: a file without a legacy connect finding, or a composite action read as a workflow, has no step
    // a fix would touch (ignored connects are left alone by the plan too).
    // Stryker disable next-line ConditionalExpression: see above
    const files = [...new Set(findings.filter((f) => f.rule === 'doctl-connect-legacy' && workflowKind(f.file) === 'workflow').map((f) => f.file))];
    const outcomes = new Map();
    for (const file of files) {
        const change = fixWorkflow(file, read(file), uses);
        if (!change)
            continue;
        if (change.after !== change.before)
            changes.push(change);
        for (const outcome of change.outcomes)
            outcomes.set(`${file}:${outcome.line}`, outcome);
    }
    for (const finding of findings) {
        const outcome = finding.rule === 'doctl-connect-legacy' ? outcomes.get(`${finding.file}:${finding.line}`) : undefined;
        if (outcome?.fixed)
            continue;
        tasks.push({ file: finding.file, line: finding.line, rule: finding.rule, what: outcome ? `${finding.message} Not fixed: ${outcome.what}.` : taskFor(finding) });
    }
    return { changes, tasks };
}

// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(890);
;// CONCATENATED MODULE: ./src/modes/migrate/options.ts
// The action's inputs for mode migrate, parsed strictly before anything is read or written.




const FAIL_ON = ['error', 'warning', 'notice', 'never'];
/** Globs, one per line or comma-separated. */
function parseGlobList(value) {
    return value
        .split(/[,\n]/)
        .map((glob) => glob.trim())
        .filter(Boolean);
}
/** Is `path` inside `directory` (or the directory itself)? */
function isInside(path, directory) {
    const rel = (0,external_node_path_.relative)(directory, path);
    return rel === '' || (!rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel));
}
function readMigrateOptions(read, env, cwd = process.cwd()) {
    const workspace = (0,external_node_path_.resolve)(cwd, env.GITHUB_WORKSPACE || '.');
    const path = (0,external_node_path_.resolve)(workspace, read('path') || '.');
    if (!(0,external_node_fs_.existsSync)(path)) {
        throw new errors/* InputError */.dz('path', `\`${read('path')}\` does not exist in the workspace`, 'a directory or file of the checked-out repository, relative to GITHUB_WORKSPACE (run actions/checkout first)');
    }
    const fix = (0,inputs/* parseChoice */.HU)('fix', read('fix') || 'none', ['none', 'files', 'pull-request']);
    const githubToken = read('github-token');
    if (fix === 'pull-request' && !githubToken) {
        throw new errors/* InputError */.dz('github-token', 'it is empty, and `fix: pull-request` pushes a branch that changes .github/workflows/', 'a token with Contents, Pull requests and Workflows write access (a fine-grained personal access token, or a GitHub App token from actions/create-github-app-token); GITHUB_TOKEN can never change workflows');
    }
    return {
        path,
        base: isInside(path, workspace) ? workspace : path,
        ignore: parseGlobList(read('ignore')),
        failOn: (0,inputs/* parseChoice */.HU)('fail-on', read('fail-on') || 'error', FAIL_ON),
        fix,
        githubToken,
    };
}

;// CONCATENATED MODULE: ./src/modes/migrate/report.ts
// The JSON report (`report` output, `--format json`): everything a scan found, schema in
// schema/migrate-report.schema.json. Built from findings whose messages are already redacted; never a secret.


function fixReport(mode, fix, pullRequest) {
    return {
        mode,
        changed_files: fix.changes.map((change) => change.path),
        connects: fix.changes.flatMap((change) => change.outcomes.map(({ line, fixed, what }) => ({ file: change.path, line, fixed, what }))),
        tasks: fix.tasks,
        ...(pullRequest ? { pull_request: pullRequest } : {}),
    };
}
function countBySeverity(findings) {
    const counts = { error: 0, warning: 0, notice: 0 };
    for (const finding of findings)
        counts[finding.severity]++;
    return counts;
}
function buildReport(result, root, now) {
    const total = Object.values(result.skippedCounts).reduce((sum, n) => sum + n, 0);
    return {
        generated_at: new Date(now).toISOString(),
        root,
        scanned: { files: result.files, bytes: result.bytes },
        skipped: { counts: result.skippedCounts, paths: result.skipped, truncated: total > result.skipped.length },
        counts: countBySeverity(result.findings),
        findings: result.findings,
    };
}
/** Writes `content` as `functions-access-key-migrate.<extension>` under `directory`; returns the path. */
function writeOutput(directory, extension, content) {
    (0,external_node_fs_.mkdirSync)(directory, { recursive: true });
    const path = (0,external_node_path_.join)(directory, `functions-access-key-migrate.${extension}`);
    (0,external_node_fs_.writeFileSync)(path, `${JSON.stringify(content, null, 2)}\n`);
    return path;
}

;// CONCATENATED MODULE: ./src/modes/migrate/sarif.ts
// SARIF 2.1.0 for code scanning (`github/codeql-action/upload-sarif`): one run, a rule descriptor per rule from
// the rule table, one result per finding at its file, line and column relative to the repository root.

const LEVEL = { error: 'error', warning: 'warning', notice: 'note' };
const INFORMATION_URI = 'https://github.com/acme/functions-access-key#migrate';
/** `doctl-connect-legacy` → `DoctlConnectLegacy`: the rule's name, as SARIF tools show it. */
function ruleName(id) {
    return id.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
}
function toSarif(findings, version) {
    const rules = RULE_IDS.map((id) => {
        const rule = RULES[id];
        return {
            id,
            name: ruleName(id),
            shortDescription: { text: rule.title },
            fullDescription: { text: rule.means },
            help: { text: rule.fix, markdown: `${rule.means}\n\n**Fix:** ${rule.fix}` },
            helpUri: INFORMATION_URI,
            defaultConfiguration: { level: LEVEL[rule.severity] },
            properties: {
                tags: rule.securitySeverity === undefined ? ['maintainability'] : ['security', 'secrets'],
                precision: 'high',
                ...(rule.securitySeverity === undefined ? {} : { 'security-severity': rule.securitySeverity.toFixed(1) }),
            },
        };
    });
    const results = findings.map((finding) => ({
        ruleId: finding.rule,
        ruleIndex: RULE_IDS.indexOf(finding.rule),
        level: LEVEL[finding.severity],
        message: { text: `${finding.message} Fix: ${finding.fix}` },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
                    region: { startLine: finding.line, startColumn: finding.column },
                },
            },
        ],
    }));
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: { driver: { name: 'functions-access-key', semanticVersion: version, informationUri: INFORMATION_URI, rules } },
                automationDetails: { id: 'functions-access-key/migrate/' },
                columnKind: 'utf16CodeUnits',
                results,
            },
        ],
    };
}

// EXTERNAL MODULE: ./src/audit/summary.ts
var summary = __webpack_require__(9579);
;// CONCATENATED MODULE: ./src/modes/migrate/summary.ts
// The job summary: counts, the rules that fired with their fixes, then each file with its findings and, for a
// workflow, the steps that replace the legacy connect. Capped well under GitHub's 1 MiB (the report has all).



const ICON = { error: '🔴', warning: '🟡', notice: '⚪' };
const SEVERITIES = ['error', 'warning', 'notice'];
/** Bytes for the per-file sections; past it files are listed one line each. */
const DETAIL_BUDGET = 300_000;
const MAX_CONDENSED_FILES = 200;
const MAX_SKIPPED_ROWS = 20;
function megabytes(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
/** A fenced block that no line of `text` can close early. */
function fence(text, language) {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const marks = '`'.repeat(longest + 1);
    return `${marks}${language}\n${text}\n${marks}`;
}
function byFile(findings) {
    const files = new Map();
    for (const finding of findings) {
        const list = files.get(finding.file);
        if (list)
            list.push(finding);
        else
            files.set(finding.file, [finding]);
    }
    return files;
}
function fileSection(file, findings) {
    const lines = [`#### ${(0,markdown/* codeSpan */.SS)(file, 200, 'text')}`, '', '| | Line | Rule | What | Fix |', '|:-:|--:|---|---|---|'];
    for (const finding of findings) {
        lines.push(`| ${ICON[finding.severity]} | ${finding.line}:${finding.column} | \`${finding.rule}\` | ${(0,markdown/* inlineMarkdown */.x)(finding.message, 300)} | ${(0,markdown/* inlineMarkdown */.x)(finding.fix, 400)} |`);
    }
    lines.push('');
    for (const finding of findings.filter((f) => f.snippet)) {
        lines.push(`Line ${finding.line}: ${(0,markdown/* inlineMarkdown */.x)(finding.fix, 400, 'text')}`, '', fence(finding.snippet, 'yaml'), '');
    }
    return lines.join('\n');
}
function migrateSummary(report) {
    const { counts, findings } = report;
    const parts = [];
    const skippedTotal = Object.values(report.skipped.counts).reduce((sum, n) => sum + n, 0);
    parts.push([
        '## 🔑 Functions access key migration',
        '',
        `**${SEVERITIES.map((s) => `${ICON[s]} ${(0,summary/* plural */.LS)(counts[s], s)}`).join(' · ')}** in ${(0,summary/* plural */.LS)(report.scanned.files, 'file')} (${megabytes(report.scanned.bytes)}) under ${(0,markdown/* codeSpan */.SS)(report.root, 80, 'text')}, ${skippedTotal} skipped`,
        '',
        'The legacy namespace credential (`uuid:key`) was deprecated on 13 March 2026 and stopped authenticating after 3 June 2026: every use below is broken, or breaks the next time it runs.',
        '',
        findings.length === 0 ? '✅ Nothing here uses the legacy credential or a hard-coded key.\n' : '',
    ].join('\n'));
    if (findings.length > 0) {
        const fired = RULE_IDS.filter((id) => findings.some((f) => f.rule === id));
        parts.push([
            '### Findings by rule',
            '',
            '| Severity | Rule | Findings | What it means | How to fix |',
            '|---|---|--:|---|---|',
            ...fired.map((id) => `| ${ICON[RULES[id].severity]} ${RULES[id].severity} | \`${id}\` | ${findings.filter((f) => f.rule === id).length} | ${RULES[id].means} | ${RULES[id].fix} |`),
            '',
        ].join('\n'));
        const files = [...byFile(findings)];
        parts.push(`### Files (${files.length})\n`);
        let used = 0;
        let shown = 0;
        for (const [file, list] of files) {
            const section = fileSection(file, list);
            if (used + Buffer.byteLength(section) > DETAIL_BUDGET)
                break;
            parts.push(section);
            used += Buffer.byteLength(section);
            shown++;
        }
        const rest = files.slice(shown);
        if (rest.length > 0) {
            parts.push([
                `#### … and ${(0,summary/* plural */.LS)(rest.length, 'more file')} (details in the report)`,
                '',
                ...rest.slice(0, MAX_CONDENSED_FILES).map(([file, list]) => `- ${(0,markdown/* codeSpan */.SS)(file, 200, 'text')}: ${(0,summary/* plural */.LS)(list.length, 'finding')}`),
                rest.length > MAX_CONDENSED_FILES ? `- … and ${rest.length - MAX_CONDENSED_FILES} more` : '',
                '',
            ].join('\n'));
        }
    }
    if (skippedTotal > 0) {
        const reasons = Object.entries(report.skipped.counts).filter(([, n]) => n > 0);
        parts.push([
            `### Skipped (${skippedTotal})`,
            '',
            reasons.map(([reason, n]) => `${reason}: ${n}`).join(' · '),
            '',
            ...report.skipped.paths.slice(0, MAX_SKIPPED_ROWS).map((s) => `- ${(0,markdown/* codeSpan */.SS)(s.path, 200, 'text')} (${s.reason})`),
            skippedTotal > MAX_SKIPPED_ROWS ? `- … see the report for the rest` : '',
            '',
        ].join('\n'));
    }
    parts.push('The JSON report (output `report`) and the SARIF file (output `sarif`) list every finding.\n');
    return parts.join('\n');
}
/** What a fix did: the pull request or the rewritten files, each legacy connect (fixed or why not), and what is left. */
function fixSummary(fix) {
    const lines = [`### 🛠️ Fix (${fix.mode})`, ''];
    if (fix.pull_request)
        lines.push(`Pull request ${fix.pull_request.action}: ${fix.pull_request.url}`, '');
    if (fix.changed_files.length === 0)
        lines.push('No workflow could be rewritten safely.', '');
    else
        lines.push(`${fix.mode === 'files' ? 'Rewrote' : 'Proposed'} ${(0,summary/* plural */.LS)(fix.changed_files.length, 'file')}: ${fix.changed_files.map((file) => (0,markdown/* codeSpan */.SS)(file, 200, 'text')).join(', ')}.`, '');
    for (const connect of fix.connects)
        lines.push(`- ${connect.fixed ? '✅' : '✋'} ${(0,markdown/* codeSpan */.SS)(connect.file, 200, 'text')} line ${connect.line}: ${(0,markdown/* inlineMarkdown */.x)(connect.what, 300, 'text')}`);
    if (fix.connects.length)
        lines.push('');
    lines.push(`${(0,summary/* plural */.LS)(fix.tasks.length, 'finding')} left for a person (hard-coded credentials are never moved by a fix).`, '');
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: ./src/modes/migrate/text.ts
// Plain-text lines shared by the CLI and the action's log: one finding per line, then the totals.


const VERSION = package_namespaceObject.rE;
/** `file:line:col severity rule message`, as compilers and linters print, so editors can jump to it. */
function findingLine(finding) {
    return `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.rule} ${finding.message}`;
}
function totals(report, elapsedMs) {
    const { counts, scanned, skipped } = report;
    const skippedParts = Object.entries(skipped.counts)
        .filter(([, n]) => n > 0)
        .map(([reason, n]) => `${n} ${reason}`);
    return (`${(0,summary/* plural */.LS)(counts.error, 'error')}, ${(0,summary/* plural */.LS)(counts.warning, 'warning')}, ${(0,summary/* plural */.LS)(counts.notice, 'notice')} in ` +
        `${(0,summary/* plural */.LS)(scanned.files, 'file')} (${(scanned.bytes / 1024 / 1024).toFixed(1)} MB, ${(elapsedMs / 1000).toFixed(1)} s)` +
        (skippedParts.length ? `; skipped ${skippedParts.join(', ')}` : ''));
}

;// CONCATENATED MODULE: ./src/modes/migrate/action.ts
// mode: migrate in the action: scan the workspace, mask what was found, then annotations, outputs, the report,
// the SARIF file and the job summary; with `fix`, rewrite the workflows in the workspace or propose them as a pull
// request. Fail at or above fail-on (with a fix: on what it left). Loaded with a dynamic import: mint never pays.













/** Annotations per run: GitHub shows only the first few per step anyway; the summary and SARIF have them all. */
const MAX_ANNOTATIONS = 50;
/** Opens or updates the pull request; its code and Octokit are loaded only in this mode. */
async function proposeFix(fix, options, { env, core, clock }) {
    const [{ connectGitHub }, { propose }, { pullRequestBody }] = await Promise.all([Promise.all(/* import() */[__webpack_require__.e(785), __webpack_require__.e(292)]).then(__webpack_require__.bind(__webpack_require__, 292)), __webpack_require__.e(/* import() */ 767).then(__webpack_require__.bind(__webpack_require__, 3767)), __webpack_require__.e(/* import() */ 971).then(__webpack_require__.bind(__webpack_require__, 2971))]);
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo || !env.GITHUB_SHA)
        throw new errors/* ActionError */.lZ('fix: pull-request needs GITHUB_REPOSITORY and GITHUB_SHA, which the runner sets: run it in a workflow, or use `fix: files`.');
    const github = connectGitHub({ token: options.githubToken, baseUrl: env.GITHUB_API_URL || 'https://api.github.com', clock, log: (message) => core.info(message) });
    const proposed = await propose(github, {
        owner,
        repo,
        parent: env.GITHUB_SHA,
        base: env.GITHUB_REF?.startsWith('refs/heads/') ? env.GITHUB_REF_NAME : undefined,
        files: fix.changes.map((change) => ({ path: change.path, content: change.after })),
        message: `Move CI off the legacy DigitalOcean Functions credential\n\nMint a short-lived access key per job instead (functions-access-key migrate).\nChanged: ${fix.changes.map((c) => c.path).join(', ')}`,
        body: (base) => pullRequestBody(fix, { repositoryUrl: `${env.GITHUB_SERVER_URL || 'https://github.com'}/${owner}/${repo}`, ref: base }),
    }).finally(() => github.dispose());
    core.info(`Pull request ${proposed.action}: ${proposed.url}`);
    return proposed;
}
/** `reading` is for tests that run this from src/, where the built worker is not beside the code. */
async function runMigrate(deps, reading = {}) {
    const { core, env, clock } = deps;
    const options = readMigrateOptions(core.getInput, env);
    const started = clock.now();
    const uses = actionUses(env);
    const result = await scan({ root: options.path, base: options.base, ignore: options.ignore, uses, ...reading });
    // The secrets found are masked before anything about them is printed, for this step and every later one.
    for (const secret of result.secrets)
        core.setSecret(secret);
    const report = buildReport(result, (0,external_node_path_.relative)(options.base, options.path) || '.', clock.now());
    let fix;
    if (options.fix !== 'none') {
        fix = fixFindings(result.findings, (path) => (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(options.base, path), 'utf8'), uses);
        let pullRequest;
        if (options.fix === 'files') {
            for (const change of fix.changes)
                (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(options.base, change.path), change.after);
        }
        else if (fix.changes.length > 0) {
            pullRequest = await proposeFix(fix, options, deps);
            core.setOutput('pull-request-url', pullRequest?.url ?? '');
        }
        report.fix = fixReport(options.fix, fix, pullRequest);
        core.setOutput('changed-files', fix.changes.map((change) => change.path).join('\n'));
        for (const change of fix.changes)
            core.info(`${options.fix === 'files' ? 'Rewrote' : 'Proposed'} ${change.path}`);
    }
    const directory = env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    core.setOutput('findings', String(result.findings.length));
    core.setOutput('report', writeOutput(directory, 'json', report));
    core.setOutput('sarif', writeOutput(directory, 'sarif', toSarif(result.findings, VERSION)));
    result.findings.forEach((finding, n) => {
        core.info(findingLine(finding));
        if (n < MAX_ANNOTATIONS) {
            core[finding.severity](`${finding.message} Fix: ${finding.fix}`, { title: finding.rule, file: finding.file, startLine: finding.line, startColumn: finding.column });
        }
    });
    if (result.findings.length > MAX_ANNOTATIONS)
        core.info(`${result.findings.length - MAX_ANNOTATIONS} more findings are not annotated; the job summary, the report and the SARIF file have them all.`);
    core.info(totals(report, clock.now() - started));
    await core.summary.addRaw(migrateSummary(report) + (report.fix ? fixSummary(report.fix) : '')).write();
    // With a fix, what it took care of no longer fails the step: only what it left for a person does.
    const severities = fix ? fix.tasks.map((task) => RULES[task.rule].severity) : result.findings.map((finding) => finding.severity);
    const failing = severities.filter((severity) => findings/* SEVERITY_RANK */.f3[severity] >= findings/* SEVERITY_RANK */.f3[options.failOn]).length;
    if (failing > 0) {
        throw new errors/* ActionError */.lZ(`${failing} findings ${fix ? 'that the fix left ' : ''}at or above fail-on \`${options.failOn}\`: pipelines still use the legacy credential or hard-coded keys (see the annotations and the job summary).`);
    }
}


/***/ })

};
