export const id = 30;
export const ids = [30];
export const modules = {

/***/ 30:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSweep: () => (/* binding */ runSweep)
});

;// CONCATENATED MODULE: ./src/api/pacer.ts
// 245, not DigitalOcean's 250: a 2% margin absorbs timer and network jitter that would otherwise let 251
// requests land in one sliding minute.
const DEFAULT_PACE = { perMinute: 245, reserve: 250, maxWaitMs: 5 * 60_000 };
/** How much history the estimate of other clients' rate needs before it is trusted, and how far back it looks. */
const MIN_SPAN_MS = 3_000;
const WINDOW_MS = 60_000;
/** Their rate is a guess from counters: leave them a little more than measured. */
const OTHERS_MARGIN = 1.15;
/**
 * Spaces requests evenly at the burst limit, less what other clients of the same token use, so a sweep over
 * hundreds of namespaces does not trip the limit. Other clients show in the server's hourly counter: whatever it
 * grew by beyond our own requests in the last minute was theirs. A 429 all the same pauses every worker until
 * `retry-after`, and a nearly spent hourly quota pauses until `ratelimit-reset` frees a request.
 */
class Pacer {
    options;
    next = 0;
    pausedUntil = 0;
    sent = 0;
    samples = [];
    othersPerMinute = 0;
    reported = false;
    constructor(options) {
        this.options = options;
    }
    /**
     * Waits for this request's slot. Slots are handed out in call order, one interval apart; a caller whose
     * wait a 429 interrupts queues again behind the pause, so the pause holds back every worker.
     */
    async acquire() {
        for (;;) {
            const now = this.options.clock.now();
            const slot = Math.max(now, this.next, this.pausedUntil);
            if (slot - now > this.options.maxWaitMs) {
                throw new Error(`the token's hourly rate limit is nearly spent (the last ${this.options.reserve} requests are left for other users of the token) ` +
                    `and frees up only at ${new Date(slot).toISOString()}; run again later or split the namespaces over several tokens`);
            }
            const ours = Math.max(this.options.perMinute / 10, this.options.perMinute - this.othersPerMinute * OTHERS_MARGIN);
            this.next = slot + 60_000 / ours;
            if (slot > now)
                await this.options.clock.sleep(slot - now);
            if (slot <= now || this.pausedUntil <= this.options.clock.now()) {
                this.sent++;
                return;
            }
        }
    }
    /** The transport hooks that put every request, retries included, through this pacer. */
    hooks() {
        return { beforeSend: () => this.acquire(), onResponse: (status, headers) => this.observe(status, headers) };
    }
    /** Reads the rate-limit headers of every answer. */
    observe(status, headers) {
        const now = this.options.clock.now();
        const retryAfter = integer(headers['retry-after']);
        if (status === 429 && retryAfter !== undefined) {
            const until = now + retryAfter * 1000;
            if (until > this.pausedUntil) {
                this.options.log(`Rate limited (another client may share the token): pausing all requests for ${retryAfter}s.`);
                this.pausedUntil = until;
            }
            return;
        }
        const remaining = integer(headers['ratelimit-remaining']);
        const reset = integer(headers['ratelimit-reset']);
        const limit = integer(headers['ratelimit-limit']);
        if (limit !== undefined && remaining !== undefined && status !== 429)
            this.estimateOthers(now, limit - remaining);
        if (remaining !== undefined && reset !== undefined && remaining <= this.options.reserve && reset * 1000 > this.pausedUntil) {
            this.pausedUntil = reset * 1000;
        }
    }
    /** Others' requests per minute: the growth of the server's count beyond ours, over up to the last minute. */
    estimateOthers(now, used) {
        this.samples.push({ at: now, used, sent: this.sent });
        while (this.samples.length > 2 && this.samples[0].at < now - WINDOW_MS)
            this.samples.shift();
        const first = this.samples[0];
        const span = now - first.at;
        if (span < MIN_SPAN_MS)
            return;
        const others = used - first.used - (this.sent - first.sent);
        this.othersPerMinute = Math.max(0, (others * 60_000) / span);
        if (this.othersPerMinute >= 1 && !this.reported) {
            this.reported = true;
            this.options.log(`Other clients use this token too (about ${Math.round(this.othersPerMinute)} requests a minute): leaving them room.`);
        }
    }
}
function integer(value) {
    return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(890);
// EXTERNAL MODULE: ./src/runner.ts + 1 modules
var runner = __webpack_require__(93);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(607);
;// CONCATENATED MODULE: ./src/audit/findings.ts


const SEVERITY_RANK = { notice: 1, warning: 2, error: 3, never: 4 };
/** Every rule: its severity (here only), and for the summary what it means and what to do about it. */
const RULES = {
    'never-expires': {
        severity: 'error',
        means: 'The key has no expiry: a leaked copy works forever.',
        fix: 'Create a replacement with `expires_in`, switch to it, delete this key.',
    },
    'older-than-max-age': {
        severity: 'error',
        means: 'The key was created longer ago than `max-age`.',
        fix: 'Rotate it: create a new key, switch to it, delete the old one.',
    },
    'namespace-unavailable': {
        severity: 'error',
        means: "The namespace's keys could not be listed (deleted mid-run, or not in the token's account).",
        fix: 'Check the `namespace` input and the token; run the audit again.',
    },
    'expires-soon': {
        severity: 'warning',
        means: 'The key expires within `expiry-warning`.',
        fix: 'Replace it before it expires so nothing breaks.',
    },
    'orphaned-ephemeral': {
        severity: 'warning',
        means: 'A key this action minted outlived its job (expired or older than 12h): its post step never ran.',
        fix: 'Run the action with `mode: cleanup`.',
    },
    'legacy-credentials': {
        severity: 'warning',
        means: 'The namespace still shows the legacy shared `uuid:key` credential.',
        fix: 'Move its pipelines to access keys (`mode: mint`).',
    },
    expired: {
        severity: 'notice',
        means: 'The key has expired and no longer works.',
        fix: 'Delete it to keep the list clean.',
    },
};
/** The namespace still has the legacy shared `uuid:key` credential. */
function hasLegacyCredentials(namespace) {
    return Boolean(namespace.uuid && namespace.key);
}
function isExpired(key, now) {
    return key.expires_at !== null && Date.parse(key.expires_at) <= now;
}
/** A key mint mode made (by prefix) that has outlived any job: expired, or older than the 12h maximum. */
function isOrphaned(key, prefix, now) {
    if (!key.name.startsWith(prefix))
        return false;
    return isExpired(key, now) || now - Date.parse(key.created_at) > inputs/* MAX_MINT_HOURS */.cU * duration/* HOUR_MS */.iQ;
}
/** Every finding for one namespace, in a stable order: namespace-level first, then per key. */
function findingsFor({ namespace, keys, error }, rules, now) {
    const id = namespace.namespace;
    const findings = [];
    if (error) {
        findings.push(finding('namespace-unavailable', id, `Namespace ${namespace.label} (${id}): its keys could not be listed: ${error}`));
    }
    if (hasLegacyCredentials(namespace)) {
        findings.push(finding('legacy-credentials', id, `Namespace ${namespace.label} (${id}) still shows a legacy uuid:key credential, which no longer authenticates; move its pipelines to access keys.`));
    }
    for (const key of keys) {
        const add = (rule, what) => findings.push({ ...finding(rule, id, `Key ${key.name} (${key.id}) in ${namespace.label}: ${what}`), key_id: key.id, key_name: key.name });
        const age = now - Date.parse(key.created_at);
        const expiresAt = key.expires_at === null ? null : Date.parse(key.expires_at);
        if (expiresAt === null)
            add('never-expires', 'never expires; replace it with a key that has an expiry.');
        if (age > rules.maxAgeHours * duration/* HOUR_MS */.iQ)
            add('older-than-max-age', `created ${(0,duration/* formatSpan */.QA)(age)} ago, more than max-age ${(0,duration/* formatHours */.BG)(rules.maxAgeHours)}; rotate it.`);
        if (expiresAt !== null && expiresAt <= now)
            add('expired', `expired ${(0,duration/* formatSpan */.QA)(now - expiresAt)} ago and no longer works; delete it.`);
        // Keys this action mints expire within hours by design: warning about them would be noise.
        const ephemeral = key.name.startsWith(rules.keyPrefix);
        if (!ephemeral && expiresAt !== null && expiresAt > now && expiresAt - now <= rules.expiryWarningHours * duration/* HOUR_MS */.iQ) {
            add('expires-soon', `expires in ${(0,duration/* formatSpan */.QA)(expiresAt - now)}; replace it before then.`);
        }
        if (isOrphaned(key, rules.keyPrefix, now)) {
            add('orphaned-ephemeral', `looks left behind by a job that ended without its post step; the cleanup mode deletes it.`);
        }
    }
    return findings;
}
/** A finding of `rule`, with the rule's severity. */
function finding(rule, namespace, message) {
    return { severity: RULES[rule].severity, rule, namespace, message };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
;// CONCATENATED MODULE: ./src/audit/report.ts




/** Bumped when the cleanup report changes shape; the schema's `$id` carries the same number. */
const CLEANUP_SCHEMA_VERSION = 2;
/** The report's view of a surveyed namespace: never a secret, never the legacy key itself. */
function reportNamespaces(surveyed) {
    return surveyed.map(({ namespace, keys, error }) => ({
        id: namespace.namespace,
        label: namespace.label,
        region: namespace.region,
        legacy_credentials: hasLegacyCredentials(namespace),
        keys: keys.map(({ id, name, created_at, expires_at }) => ({ id, name, created_at, expires_at })),
        ...(error ? { error } : {}),
    }));
}
/** Writes the report as JSON under the runner's temp directory and returns its path. */
function writeReport(directory, mode, report) {
    (0,external_node_fs_.mkdirSync)(directory, { recursive: true });
    const path = (0,external_node_path_.join)(directory, `functions-access-key-${mode}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.json`);
    (0,external_node_fs_.writeFileSync)(path, `${JSON.stringify(report, null, 2)}\n`);
    return path;
}

;// CONCATENATED MODULE: ./src/audit/summary.ts



// Markdown for the job summary. GitHub refuses a step summary over 1 MiB, and a large account has hundreds of
// namespaces, so everything that grows with the account is capped: full key tables only for the namespaces
// with findings (riskiest first, within a byte budget, each table capped), healthy namespaces one row each,
// the gantt chart limited to the riskiest keys. The JSON report always has everything.
/** Bytes for the per-namespace key tables; the rest of the summary is a few dozen kB at most. */
const DETAIL_BUDGET = 300_000;
/** Rows of one namespace's key table. */
const MAX_KEY_ROWS = 25;
/** Rows of a condensed table (healthy namespaces, namespaces past the budget, one group of cleanup). */
const MAX_CONDENSED_ROWS = 200;
/** Keys in the gantt chart. */
const MAX_GANTT_KEYS = 30;
/** How far to the right a key that never expires is drawn, at least. */
const NEVER_HORIZON_MS = 30 * 24 * 3_600_000;
const ICON = { error: '🔴', warning: '🟡', notice: '⚪', ok: '🟢' };
const RULE_ORDER = Object.keys(RULES);
const SEVERITIES = ['error', 'warning', 'notice'];
// ------------------------------------------------------------------------------------------------------------
// Escaping
// ------------------------------------------------------------------------------------------------------------
/** One line, at most `max` characters (an ellipsis marks a cut). */
function oneLine(text, max) {
    // eslint-disable-next-line no-control-regex
    const flat = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\u0000-\u001f\u007f]/g, ' ');
    const chars = [...flat];
    return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}
/**
 * Text (a key name, a label, an error message) for a Markdown line or table cell: one line, and nothing that
 * Markdown, GitHub's extensions (tables, strikethrough, math) or HTML would interpret.
 */
function escapeMarkdown(text, max = 80) {
    return oneLine(text, max)
        .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
        .replace(/[\\`*[\]|~$]/g, '\\$&')
        .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}
/** A code span that survives any content: a fence longer than any run of backticks, `|` escaped for tables. */
function codeSpan(text, max = 80) {
    const flat = oneLine(text, max);
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longest + 1);
    const pad = longest > 0 ? ' ' : '';
    return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}
/** A name for a Mermaid gantt task or section: the lexer splits on `:`, `;`, `#` and new lines. */
function mermaidText(text, max = 40) {
    return oneLine(text, max).replace(/[^\p{L}\p{N} ._()+\-/@=,]/gu, '_').replace(/,/g, '.').trim() || '_';
}
function countBySeverity(findings) {
    const counts = { error: 0, warning: 0, notice: 0 };
    for (const finding of findings)
        counts[finding.severity]++;
    return counts;
}
function plural(n, one, many = `${one}s`) {
    return `${n} ${n === 1 ? one : many}`;
}
/** `🔴 2 errors · 🟡 1 warning · ⚪ 0 notices`; the short form leaves out icons and zeros. */
function countsText(counts, short = false) {
    return SEVERITIES.filter((severity) => !short || counts[severity] > 0)
        .map((severity) => `${short ? '' : `${ICON[severity]} `}${plural(counts[severity], severity)}`)
        .join(' · ');
}
function worst(findings) {
    let best = 'ok';
    for (const finding of findings)
        if (best === 'ok' || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[best])
            best = finding.severity;
    return best;
}
function rank(level) {
    return level === 'ok' ? 0 : SEVERITY_RANK[level];
}
/** `2026-01-31 14:05 UTC` */
function utc(ms) {
    return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
function age(key, now) {
    return (0,duration/* formatSpan */.QA)(Math.max(0, now - Date.parse(key.created_at)));
}
function expiresIn(key, now) {
    if (key.expires_at === null)
        return 'never';
    const at = Date.parse(key.expires_at);
    return at <= now ? `expired ${(0,duration/* formatSpan */.QA)(now - at)} ago` : (0,duration/* formatSpan */.QA)(at - now);
}
function keyOf(namespace, keyId) {
    return `${namespace}\u0000${keyId}`;
}
function byteLength(text) {
    return Buffer.byteLength(text, 'utf8');
}
/** Riskiest first: worst severity, then more findings, then the oldest. */
function compareKeys(a, b) {
    return rank(b.level) - rank(a.level) || b.findings.length - a.findings.length || Date.parse(a.key.created_at) - Date.parse(b.key.created_at);
}
function compareNamespaces(a, b) {
    const ca = countBySeverity(a.all);
    const cb = countBySeverity(b.all);
    return cb.error - ca.error || cb.warning - ca.warning || cb.notice - ca.notice || a.namespace.label.localeCompare(b.namespace.label);
}
function rate(report) {
    const byKey = new Map();
    const byNamespace = new Map();
    for (const finding of report.findings) {
        const list = byNamespace.get(finding.namespace) ?? [];
        list.push(finding);
        byNamespace.set(finding.namespace, list);
        if (finding.key_id !== undefined) {
            const id = keyOf(finding.namespace, finding.key_id);
            byKey.set(id, [...(byKey.get(id) ?? []), finding]);
        }
    }
    const known = new Set(report.namespaces.map((namespace) => namespace.id));
    const rated = report.namespaces.map((namespace) => {
        const all = byNamespace.get(namespace.id) ?? [];
        const keys = namespace.keys
            .map((key) => {
            const findings = byKey.get(keyOf(namespace.id, key.id)) ?? [];
            return { namespace, key, findings, level: worst(findings) };
        })
            .sort(compareKeys);
        return { namespace, own: all.filter((finding) => finding.key_id === undefined), all, keys };
    });
    const missing = report.findings.filter((finding) => !known.has(finding.namespace));
    return { rated, missing };
}
function ruleTable(findings) {
    const counts = new Map();
    for (const finding of findings)
        counts.set(finding.rule, (counts.get(finding.rule) ?? 0) + 1);
    const rows = RULE_ORDER.filter((rule) => counts.has(rule)).map((rule) => {
        const { severity, means, fix } = RULES[rule];
        return `| ${ICON[severity]} ${severity} | \`${rule}\` | ${counts.get(rule)} | ${means} | ${fix} |`;
    });
    return ['### Findings by rule', '', '| Severity | Rule | Findings | What it means | How to fix |', '|---|---|--:|---|---|', ...rows, ''].join('\n');
}
/** A Mermaid gantt of the riskiest keys' lifetimes, created → expires; never-expiring ones drawn to a horizon. */
function gantt(rated, now) {
    const all = rated.flatMap((namespace) => namespace.keys);
    if (all.length === 0)
        return '';
    const chosen = [...all].sort(compareKeys).slice(0, MAX_GANTT_KEYS);
    const ends = chosen.map(({ key }) => (key.expires_at === null ? now : Date.parse(key.expires_at)));
    const horizon = Math.max(now + NEVER_HORIZON_MS, ...ends);
    const minute = (ms) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    const title = chosen.length < all.length ? `Key lifetimes: the ${chosen.length} riskiest of ${all.length} keys` : `Key lifetimes (${plural(all.length, 'key')})`;
    const lines = [
        '### Key lifetimes',
        '',
        `Created → expires. Red: errors (keys that never expire are drawn to ${utc(horizon).slice(0, 10)} and marked ∞), highlighted: warnings, grey: expired; the line is today.`,
        '',
        '```mermaid',
        'gantt',
        `    title ${title}`,
        '    dateFormat YYYY-MM-DD HH:mm',
        '    axisFormat %Y-%m-%d',
        '    todayMarker stroke-width:3px,stroke:#0969da,opacity:0.7',
    ];
    // One section per namespace, in the order of the riskiest key each holds.
    const sections = new Map();
    for (const entry of chosen)
        sections.set(entry.namespace, [...(sections.get(entry.namespace) ?? []), entry]);
    for (const [namespace, entries] of sections) {
        lines.push(`    section ${mermaidText(namespace.label, 30)}`);
        for (const { key, level } of entries) {
            const start = Date.parse(key.created_at);
            const never = key.expires_at === null;
            let end = never ? horizon : Date.parse(key.expires_at);
            if (end - start < 60_000)
                end = start + 60_000;
            const expired = !never && end <= now;
            const tags = [level === 'error' || never ? 'crit' : '', level === 'warning' ? 'active' : '', expired ? 'done' : ''].filter(Boolean);
            const name = `${ICON[level]} ${mermaidText(key.name)}${never ? ' ∞ never expires' : ''}`;
            lines.push(`    ${name} :${tags.length ? `${tags.join(', ')}, ` : ''}${minute(start)}, ${minute(end)}`);
        }
    }
    lines.push('```', '');
    return lines.join('\n');
}
function keyRow({ key, findings, level }, now) {
    const rules = [...new Set(findings.map((finding) => finding.rule))].join(', ') || '—';
    return `| ${ICON[level]} | ${escapeMarkdown(key.name, 64)} | ${codeSpan(key.id, 48)} | ${age(key, now)} | ${expiresIn(key, now)} | ${rules} |`;
}
function namespaceTitle(namespace) {
    return `${escapeMarkdown(namespace.label, 64)} · ${codeSpan(namespace.id, 48)} · ${escapeMarkdown(namespace.region, 16)}`;
}
function namespaceSection(entry, now) {
    const { namespace, own, all, keys } = entry;
    const lines = [`#### ${ICON[worst(all)]} ${namespaceTitle(namespace)}`, '', `${[countsText(countBySeverity(all), true), plural(keys.length, 'key')].filter(Boolean).join(' · ')}`, ''];
    for (const finding of own)
        lines.push(`- ${ICON[finding.severity]} **${finding.rule}**: ${escapeMarkdown(finding.message, 300)}`);
    if (own.length)
        lines.push('');
    if (keys.length) {
        lines.push('| | Key | ID | Age | Expires in | Findings |', '|:-:|---|---|--:|--:|---|');
        for (const rated of keys.slice(0, MAX_KEY_ROWS))
            lines.push(keyRow(rated, now));
        lines.push('');
        if (keys.length > MAX_KEY_ROWS) {
            const rest = keys.slice(MAX_KEY_ROWS);
            const risky = rest.filter((rated) => rated.level !== 'ok').length;
            lines.push(`… and ${plural(rest.length, 'more key')} (${risky} with findings), see the report.`, '');
        }
    }
    else if (!namespace.error) {
        lines.push('No keys.', '');
    }
    return lines.join('\n');
}
function condensedNamespaces(heading, entries, now, withFindings) {
    const lines = [heading, ''];
    lines.push(withFindings ? '| | Namespace | ID | Region | Keys | Findings |' : '| Namespace | ID | Region | Keys | Oldest key | Next expiry |', withFindings ? '|:-:|---|---|---|--:|---|' : '|---|---|---|--:|--:|--:|');
    for (const { namespace, keys, all } of entries.slice(0, MAX_CONDENSED_ROWS)) {
        const cells = [escapeMarkdown(namespace.label, 64), codeSpan(namespace.id, 48), escapeMarkdown(namespace.region, 16), String(keys.length)];
        if (withFindings) {
            lines.push(`| ${ICON[worst(all)]} | ${cells.join(' | ')} | ${countsText(countBySeverity(all), true)} |`);
        }
        else {
            const oldest = keys.reduce((a, { key }) => (!a || Date.parse(key.created_at) < Date.parse(a.created_at) ? key : a), undefined);
            const upcoming = keys
                .map(({ key }) => (key.expires_at === null ? Infinity : Date.parse(key.expires_at)))
                .filter((at) => at > now)
                .sort((a, b) => a - b)[0];
            const next = upcoming === undefined ? '—' : upcoming === Infinity ? 'never' : (0,duration/* formatSpan */.QA)(upcoming - now);
            lines.push(`| ${cells.join(' | ')} | ${oldest ? age(oldest, now) : '—'} | ${next} |`);
        }
    }
    lines.push('');
    if (entries.length > MAX_CONDENSED_ROWS)
        lines.push(`… and ${plural(entries.length - MAX_CONDENSED_ROWS, 'more namespace')}, see the report.`, '');
    return lines.join('\n');
}
function auditSummary(report, now) {
    const { rated, missing } = rate(report);
    const counts = countBySeverity(report.findings);
    const keyCount = rated.reduce((sum, entry) => sum + entry.keys.length, 0);
    const parts = [];
    parts.push([
        '## 🔑 Functions access key audit',
        '',
        `**${countsText(counts)}** in ${plural(keyCount, 'key')} of ${plural(rated.length, 'namespace')} · ${utc(now)}`,
        '',
        report.findings.length === 0 ? '✅ No findings: every key expires in time and none is older than `max-age`.\n' : '',
    ].join('\n'));
    if (report.findings.length)
        parts.push(ruleTable(report.findings));
    parts.push(gantt(rated, now));
    const risky = rated.filter((entry) => entry.all.length > 0).sort(compareNamespaces);
    const healthy = rated.filter((entry) => entry.all.length === 0);
    if (risky.length) {
        parts.push(`### Namespaces with findings (${risky.length} of ${rated.length})\n`);
        let used = 0;
        let shown = 0;
        for (const entry of risky) {
            const section = namespaceSection(entry, now);
            if (used + byteLength(section) > DETAIL_BUDGET)
                break;
            parts.push(section);
            used += byteLength(section);
            shown++;
        }
        if (shown < risky.length) {
            parts.push(condensedNamespaces(`#### … and ${plural(risky.length - shown, 'more namespace')} with findings (key tables in the report)`, risky.slice(shown), now, true));
        }
    }
    if (missing.length) {
        parts.push(['### Requested namespaces not found', '', ...missing.map((finding) => `- ${ICON[finding.severity]} ${escapeMarkdown(finding.message, 300)}`), ''].join('\n'));
    }
    if (healthy.length) {
        parts.push(condensedNamespaces(`### ${ICON.ok} Namespaces without findings (${healthy.length})`, healthy, now, false));
    }
    parts.push('The JSON report (output `report`) lists every namespace, key and finding.\n');
    return parts.filter(Boolean).join('\n');
}
const ACTIONS = [
    { action: 'deleted', icon: '🗑️', title: 'Deleted' },
    { action: 'would-delete', icon: '🔎', title: 'Would delete (dry run)' },
    { action: 'failed', icon: '❌', title: 'Could not delete' },
    { action: 'kept', icon: '✋', title: 'Kept' },
];
/** A heading per reason code; the table under it gives each key's own reason (its age, the error). */
const REASON_TITLES = {
    expired: 'Expired',
    'older-than-max-mint': `Older than ${inputs/* MAX_MINT_HOURS */.cU}h`,
    'delete-failed': 'Could not delete',
    'may-be-running': 'May belong to a job still running',
    'not-made-by-action': 'Not made by this action (name does not start with `key-prefix`)',
};
function cleanupSummary(report, now) {
    const labels = new Map(report.namespaces.map((namespace) => [namespace.id, namespace.label]));
    const count = (action) => report.keys.filter((entry) => entry.action === action).length;
    const parts = [];
    const headline = report.dry_run
        ? [`🔎 ${count('would-delete')} would be deleted`, `✋ ${count('kept')} kept`]
        : [`🗑️ ${count('deleted')} deleted`, `✋ ${count('kept')} kept`, `❌ ${count('failed')} failed`];
    parts.push([
        `## 🧹 Functions access key cleanup${report.dry_run ? ' (dry run)' : ''}`,
        '',
        `**${headline.join(' · ')}** of ${plural(report.keys.length, 'key')} in ${plural(report.namespaces.length, 'namespace')} · ${utc(now)}`,
        '',
        `Only keys whose name starts with \`key-prefix\` and that are expired or older than ${inputs/* MAX_MINT_HOURS */.cU}h are deleted; every other key is kept.`,
        '',
        report.dry_run ? '> [!NOTE]\n> Dry run: nothing was deleted. Run without `dry-run` to delete the keys listed under *Would delete*.\n' : '',
    ].join('\n'));
    const unavailable = report.namespaces.filter((namespace) => namespace.error);
    if (unavailable.length) {
        parts.push([
            `### ⚠️ Namespaces skipped (${unavailable.length})`,
            '',
            ...unavailable.slice(0, MAX_CONDENSED_ROWS).map((namespace) => `- ${namespaceTitle(namespace)}: ${escapeMarkdown(namespace.error, 300)}`),
            unavailable.length > MAX_CONDENSED_ROWS ? `- … and ${unavailable.length - MAX_CONDENSED_ROWS} more, see the report` : '',
            '',
        ].join('\n'));
    }
    for (const { action, icon, title } of ACTIONS) {
        const entries = report.keys.filter((entry) => entry.action === action);
        if (entries.length === 0)
            continue;
        const groups = new Map();
        for (const entry of entries) {
            const members = groups.get(entry.reason_code);
            if (members)
                members.push(entry);
            else
                groups.set(entry.reason_code, [entry]);
        }
        const lines = [`### ${icon} ${title} (${entries.length})`, ''];
        for (const [code, members] of groups) {
            lines.push(`#### ${REASON_TITLES[code]}: ${plural(members.length, 'key')}`, '');
            lines.push('| Namespace | Key | ID | Why |', '|---|---|---|---|');
            for (const entry of members.slice(0, MAX_CONDENSED_ROWS)) {
                const label = labels.get(entry.namespace) ?? entry.namespace;
                lines.push(`| ${escapeMarkdown(label, 48)} | ${escapeMarkdown(entry.key_name, 64)} | ${codeSpan(entry.key_id, 48)} | ${escapeMarkdown(entry.reason, 200)} |`);
            }
            lines.push('');
            if (members.length > MAX_CONDENSED_ROWS)
                lines.push(`… and ${plural(members.length - MAX_CONDENSED_ROWS, 'more key')}, see the report.`, '');
        }
        parts.push(lines.join('\n'));
    }
    if (report.keys.length === 0)
        parts.push('No keys in these namespaces.\n');
    parts.push('The JSON report (output `report`) lists every key and what was done with it.\n');
    return parts.filter(Boolean).join('\n');
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(916);
;// CONCATENATED MODULE: ./src/audit/survey.ts

/** How many namespaces are listed at once; the pacer, not this, keeps the request rate under the limit. */
const CONCURRENCY = 8;
/**
 * Lists the namespaces once, picks the requested ones, then lists their keys concurrently. A namespace that
 * fails (deleted mid-run: 404) is reported with its error, and the others are still surveyed.
 */
async function surveyKeys(selection, client) {
    const all = await client.listNamespaces();
    const missing = [];
    let chosen = all;
    if (selection !== '*') {
        chosen = [];
        for (const ref of selection) {
            const match = all.filter((namespace) => ('id' in ref ? namespace.namespace === ref.id : namespace.label === ref.label));
            if (match.length === 0)
                missing.push('id' in ref ? ref.id : ref.label);
            for (const namespace of match)
                if (!chosen.includes(namespace))
                    chosen.push(namespace);
        }
    }
    const namespaces = await mapConcurrently(chosen, CONCURRENCY, async (namespace) => {
        try {
            return { namespace, keys: await client.listKeys(namespace.namespace) };
        }
        catch (error) {
            return { namespace, keys: [], error: (0,errors/* describe */.q0)(error) };
        }
    });
    return { namespaces, missing };
}
/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
async function mapConcurrently(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

;// CONCATENATED MODULE: ./src/modes/audit.ts





/** Reports risky keys across namespaces. Read-only: it sends GET requests only. */
async function audit(options, { core, client, clock, reportDir }) {
    const survey = await surveyKeys(options.namespaces, client);
    const now = clock.now();
    const findings = survey.namespaces.flatMap((surveyed) => findingsFor(surveyed, options, now));
    for (const name of survey.missing) {
        findings.push(finding('namespace-unavailable', name, `No namespace ${name} in the token's account.`));
    }
    const report = { generated_at: new Date(now).toISOString(), namespaces: reportNamespaces(survey.namespaces), findings };
    const path = writeReport(reportDir, 'audit', report);
    core.setOutput('report', path);
    core.setOutput('findings', String(findings.length));
    for (const finding of findings)
        core[finding.severity](finding.message, { title: finding.rule });
    const keyCount = report.namespaces.reduce((sum, namespace) => sum + namespace.keys.length, 0);
    core.info(`Audited ${keyCount} keys in ${report.namespaces.length} namespaces: ${findings.length} findings. Report: ${path}`);
    await core.summary.addRaw(auditSummary(report, now)).write();
    const failing = findings.filter((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[options.failOn]);
    if (failing.length > 0) {
        throw new errors/* ActionError */.lZ(`${failing.length} findings at or above fail-on \`${options.failOn}\` (see the annotations and the job summary).`);
    }
}

// EXTERNAL MODULE: ./src/api/transport.ts + 5 modules
var transport = __webpack_require__(372);
;// CONCATENATED MODULE: ./src/modes/cleanup.ts








/**
 * Deletes the keys mint mode left behind: name starts with `key-prefix` and the key is expired or older than
 * the 12h a minted key can live. Never any other key. `dry-run` only lists what it would delete.
 */
async function cleanup(options, { core, client, clock, reportDir }) {
    const survey = await surveyKeys(options.namespaces, client);
    if (survey.missing.length)
        core.warning(`No such namespace in the token's account: ${survey.missing.join(', ')}`);
    const now = clock.now();
    const entries = [];
    for (const { namespace, keys, error } of survey.namespaces) {
        if (error)
            core.warning(`Namespace ${namespace.label} (${namespace.namespace}) skipped: ${error}`);
        for (const key of keys) {
            const entry = { namespace: namespace.namespace, key_id: key.id, key_name: key.name };
            const age = (0,duration/* formatSpan */.QA)(now - Date.parse(key.created_at));
            if (!key.name.startsWith(options.keyPrefix)) {
                entries.push({ ...entry, action: 'kept', reason_code: 'not-made-by-action', reason: `not made by this action (name does not start with ${options.keyPrefix})` });
            }
            else if (isOrphaned(key, options.keyPrefix, now)) {
                const action = options.dryRun ? 'would-delete' : 'deleted';
                if (isExpired(key, now))
                    entries.push({ ...entry, action, reason_code: 'expired', reason: `expired (created ${age} ago)` });
                else
                    entries.push({ ...entry, action, reason_code: 'older-than-max-mint', reason: `older than ${inputs/* MAX_MINT_HOURS */.cU}h (created ${age} ago)` });
            }
            else {
                entries.push({ ...entry, action: 'kept', reason_code: 'may-be-running', reason: `created ${age} ago: may belong to a job still running` });
            }
        }
    }
    if (!options.dryRun) {
        await mapConcurrently(entries.filter((entry) => entry.action === 'deleted'), CONCURRENCY, async (entry) => {
            try {
                const existed = await client.deleteKey(entry.namespace, entry.key_id);
                core.info(`Deleted ${entry.key_name} (${entry.key_id}) from ${entry.namespace}: ${entry.reason}${existed ? '' : ' (it was already gone)'}.`);
            }
            catch (error) {
                entry.action = 'failed';
                entry.reason_code = 'delete-failed';
                // The table row already names the key: the status and DigitalOcean's message say the rest.
                entry.reason = `could not delete: ${error instanceof transport/* ApiError */.hD ? (0,transport/* describeFailure */.Ic)(error.failure) : (0,errors/* describe */.q0)(error)}`;
                core.error(`Could not delete ${entry.key_name} (${entry.key_id}) from ${entry.namespace}: ${(0,errors/* describe */.q0)(error)}`);
            }
        });
    }
    const report = { schema_version: CLEANUP_SCHEMA_VERSION, generated_at: new Date(now).toISOString(), dry_run: options.dryRun, namespaces: reportNamespaces(survey.namespaces), keys: entries };
    const path = writeReport(reportDir, 'cleanup', report);
    const count = (action) => entries.filter((entry) => entry.action === action).length;
    core.setOutput('report', path);
    core.setOutput('deleted', String(count('deleted')));
    const keys = (action) => plural(count(action), 'key');
    core.info(options.dryRun
        ? `Dry run: would delete ${keys('would-delete')}, keeps ${count('kept')}. Report: ${path}`
        : `Deleted ${keys('deleted')}, kept ${count('kept')}. Report: ${path}`);
    await core.summary.addRaw(cleanupSummary(report, now)).write();
    if (count('failed') > 0)
        throw new errors/* ActionError */.lZ(`${count('failed')} keys could not be deleted (see the errors above); run cleanup again.`);
}

;// CONCATENATED MODULE: ./src/modes/sweep.ts






/** Audit or cleanup: every request paced under the token's rate limit. Loaded on demand, so mint never pays for it. */
async function runSweep(mode, { core, env, clock }) {
    const options = (0,inputs/* readSweepOptions */.FP)(mode, core.getInput, env);
    const pacer = new Pacer({ ...DEFAULT_PACE, clock, log: (message) => core.info(message) });
    let api;
    try {
        api = (0,runner/* connect */.N)(options, core, clock, pacer.hooks());
        const deps = { core, client: api.client, clock, reportDir: env.RUNNER_TEMP || (0,external_node_os_.tmpdir)() };
        await (mode === 'audit' ? audit(options, deps) : cleanup(options, deps));
    }
    finally {
        api?.transport.dispose();
    }
}


/***/ })

};
