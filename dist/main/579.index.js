export const id = 579;
export const ids = [579];
export const modules = {

/***/ 8293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A2: () => (/* binding */ isOrphaned),
/* harmony export */   I6: () => (/* binding */ findingsFor),
/* harmony export */   MG: () => (/* binding */ hasLegacyCredentials),
/* harmony export */   _d: () => (/* binding */ isExpired),
/* harmony export */   f3: () => (/* binding */ SEVERITY_RANK),
/* harmony export */   gk: () => (/* binding */ finding),
/* harmony export */   y0: () => (/* binding */ RULES)
/* harmony export */ });
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7607);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(890);


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
    return isExpired(key, now) || now - Date.parse(key.created_at) > _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_MINT_HOURS */ .cU * _duration_js__WEBPACK_IMPORTED_MODULE_1__/* .HOUR_MS */ .iQ;
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
        if (age > rules.maxAgeHours * _duration_js__WEBPACK_IMPORTED_MODULE_1__/* .HOUR_MS */ .iQ)
            add('older-than-max-age', `created ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatSpan */ .QA)(age)} ago, more than max-age ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatHours */ .BG)(rules.maxAgeHours)}; rotate it.`);
        if (expiresAt !== null && expiresAt <= now)
            add('expired', `expired ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatSpan */ .QA)(now - expiresAt)} ago and no longer works; delete it.`);
        // Keys this action mints expire within hours by design: warning about them would be noise.
        const ephemeral = key.name.startsWith(rules.keyPrefix);
        if (!ephemeral && expiresAt !== null && expiresAt > now && expiresAt - now <= rules.expiryWarningHours * _duration_js__WEBPACK_IMPORTED_MODULE_1__/* .HOUR_MS */ .iQ) {
            add('expires-soon', `expires in ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .formatSpan */ .QA)(expiresAt - now)}; replace it before then.`);
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


/***/ }),

/***/ 9579:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LS: () => (/* binding */ plural),
/* harmony export */   Xr: () => (/* binding */ cleanupSummary),
/* harmony export */   qq: () => (/* binding */ auditSummary)
/* harmony export */ });
/* unused harmony exports MAX_KEY_ROWS, MAX_GANTT_KEYS */
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7607);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3758);
/* harmony import */ var _findings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8293);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(890);




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
const RULE_ORDER = Object.keys(_findings_js__WEBPACK_IMPORTED_MODULE_0__/* .RULES */ .y0);
const SEVERITIES = ['error', 'warning', 'notice'];
// ------------------------------------------------------------------------------------------------------------
// Escaping for Mermaid (Markdown's is in src/markdown.ts)
// ------------------------------------------------------------------------------------------------------------
/** A name for a Mermaid gantt task or section: the lexer splits on `:`, `;`, `#` and new lines. */
function mermaidText(text, max = 40) {
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .oneLine */ .TN)(text, max).replace(/[^\p{L}\p{N} ._()+\-/@=,]/gu, '_').replace(/,/g, '.').trim() || '_';
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
        if (best === 'ok' || _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITY_RANK */ .f3[finding.severity] > _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITY_RANK */ .f3[best])
            best = finding.severity;
    return best;
}
function rank(level) {
    return level === 'ok' ? 0 : _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITY_RANK */ .f3[level];
}
/** `2026-01-31 14:05 UTC` */
function utc(ms) {
    return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
function age(key, now) {
    return (0,_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatSpan */ .QA)(Math.max(0, now - Date.parse(key.created_at)));
}
function expiresIn(key, now) {
    if (key.expires_at === null)
        return 'never';
    const at = Date.parse(key.expires_at);
    return at <= now ? `expired ${(0,_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatSpan */ .QA)(now - at)} ago` : (0,_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatSpan */ .QA)(at - now);
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
        const { severity, means, fix } = _findings_js__WEBPACK_IMPORTED_MODULE_0__/* .RULES */ .y0[rule];
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
    return `| ${ICON[level]} | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(key.name, 64)} | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .SS)(key.id, 48)} | ${age(key, now)} | ${expiresIn(key, now)} | ${rules} |`;
}
function namespaceTitle(namespace) {
    return `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(namespace.label, 64)} · ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .SS)(namespace.id, 48)} · ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(namespace.region, 16)}`;
}
function namespaceSection(entry, now) {
    const { namespace, own, all, keys } = entry;
    const lines = [`#### ${ICON[worst(all)]} ${namespaceTitle(namespace)}`, '', `${[countsText(countBySeverity(all), true), plural(keys.length, 'key')].filter(Boolean).join(' · ')}`, ''];
    for (const finding of own)
        lines.push(`- ${ICON[finding.severity]} **${finding.rule}**: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(finding.message, 300)}`);
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
        const cells = [(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(namespace.label, 64), (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .SS)(namespace.id, 48), (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(namespace.region, 16), String(keys.length)];
        if (withFindings) {
            lines.push(`| ${ICON[worst(all)]} | ${cells.join(' | ')} | ${countsText(countBySeverity(all), true)} |`);
        }
        else {
            const oldest = keys.reduce((a, { key }) => (!a || Date.parse(key.created_at) < Date.parse(a.created_at) ? key : a), undefined);
            const upcoming = keys
                .map(({ key }) => (key.expires_at === null ? Infinity : Date.parse(key.expires_at)))
                .filter((at) => at > now)
                .sort((a, b) => a - b)[0];
            const next = upcoming === undefined ? '—' : upcoming === Infinity ? 'never' : (0,_duration_js__WEBPACK_IMPORTED_MODULE_3__/* .formatSpan */ .QA)(upcoming - now);
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
        parts.push(['### Requested namespaces not found', '', ...missing.map((finding) => `- ${ICON[finding.severity]} ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(finding.message, 300)}`), ''].join('\n'));
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
    'older-than-max-mint': `Older than ${_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_MINT_HOURS */ .cU}h`,
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
        `Only keys whose name starts with \`key-prefix\` and that are expired or older than ${_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .MAX_MINT_HOURS */ .cU}h are deleted; every other key is kept.`,
        '',
        report.dry_run ? '> [!NOTE]\n> Dry run: nothing was deleted. Run without `dry-run` to delete the keys listed under *Would delete*.\n' : '',
    ].join('\n'));
    const unavailable = report.namespaces.filter((namespace) => namespace.error);
    if (unavailable.length) {
        parts.push([
            `### ⚠️ Namespaces skipped (${unavailable.length})`,
            '',
            ...unavailable.slice(0, MAX_CONDENSED_ROWS).map((namespace) => `- ${namespaceTitle(namespace)}: ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(namespace.error, 300)}`),
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
                lines.push(`| ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(label, 48)} | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(entry.key_name, 64)} | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .codeSpan */ .SS)(entry.key_id, 48)} | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeMarkdown */ .FV)(entry.reason, 200)} |`);
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


/***/ }),

/***/ 3758:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FV: () => (/* binding */ escapeMarkdown),
/* harmony export */   SS: () => (/* binding */ codeSpan),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   ti: () => (/* binding */ inlineCode),
/* harmony export */   x: () => (/* binding */ inlineMarkdown)
/* harmony export */ });
// Text for the job summaries' Markdown (GitHub-flavoured: tables, strikethrough, math, HTML): one line, and nothing
// the reader did not mean to see interpreted. Shared by every mode's summary.
/** One line, at most `max` characters (an ellipsis marks a cut). */
function oneLine(text, max) {
    // eslint-disable-next-line no-control-regex
    const flat = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\u0000-\u001f\u007f]/g, ' ');
    const chars = [...flat];
    return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}
/** `&`, `<` and `>` as entities, so that no text becomes HTML. */
function escapeHtml(text) {
    return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
/**
 * Text (a key name, a label, an error message) for a Markdown line or table cell: one line, and nothing that
 * Markdown, GitHub's extensions (tables, strikethrough, math) or HTML would interpret.
 */
function escapeMarkdown(text, max = 80) {
    return escapeHtml(oneLine(text, max))
        .replace(/[\\`*[\]|~$]/g, '\\$&')
        .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}
/**
 * A CommonMark code span of any text: a fence longer than any run of backticks in it, padded with a space when it
 * has some. Messages that quote a command, a value or an input use it, so a summary can show that part as code.
 */
function inlineCode(text) {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longest + 1);
    const pad = longest > 0 ? ' ' : '';
    return `${fence}${pad}${text}${pad}${fence}`;
}
/** A code span that survives any content, on one line; in a table, `|` escaped. */
function codeSpan(text, max = 80, place = 'table') {
    const flat = oneLine(text, max);
    return inlineCode(place === 'table' ? flat.replace(/\|/g, '\\|') : flat);
}
/**
 * The parts of a message: its code spans, as CommonMark reads them (a run of backticks opens one, the next run of
 * the same length closes it, one space is stripped from each end when both ends have one; a run that is never
 * closed is text), and the text between them.
 */
function codeParts(text) {
    const parts = [];
    const runs = /`+/g;
    let plain = '';
    let at = 0;
    for (let open = runs.exec(text); open; open = runs.exec(text)) {
        let close = runs.exec(text);
        while (close && close[0].length !== open[0].length)
            close = runs.exec(text);
        const afterOpen = open.index + open[0].length;
        if (!close) {
            runs.lastIndex = afterOpen;
            continue;
        }
        plain += text.slice(at, open.index);
        if (plain)
            parts.push({ code: false, text: plain });
        plain = '';
        const content = text.slice(afterOpen, close.index);
        parts.push({ code: true, text: /^ .*[^ ].* $/.test(content) ? content.slice(1, -1) : content });
        at = close.index + close[0].length;
    }
    plain += text.slice(at);
    if (plain)
        parts.push({ code: false, text: plain });
    return parts;
}
/**
 * A message (an error, a finding, a fix) for a Markdown line or table cell: its code spans shown as code (codeSpan)
 * and the rest as text (escapeMarkdown), at most `max` characters in all.
 */
function inlineMarkdown(text, max = 80, place = 'table') {
    const parts = codeParts(oneLine(text, Number.MAX_SAFE_INTEGER)).map((part) => ({ ...part, chars: [...part.text] }));
    const cut = parts.reduce((sum, part) => sum + part.chars.length, 0) > max;
    // A cut leaves room for its ellipsis, after the last part shown.
    let budget = cut ? max - 1 : max;
    let out = '';
    for (const { code, chars } of parts) {
        if (budget <= 0)
            break;
        const shown = chars.slice(0, budget).join('');
        out += code ? codeSpan(shown, Infinity, place) : escapeMarkdown(shown, Infinity);
        budget -= chars.length;
    }
    return cut ? `${out}…` : out;
}


/***/ })

};
