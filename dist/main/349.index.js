export const id = 349;
export const ids = [349];
export const modules = {

/***/ 349:
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
            // Unless a 429 that came in while this caller slept has paused every caller.
            if (this.pausedUntil <= this.options.clock.now()) {
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
var runner = __webpack_require__(8093);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/audit/findings.ts
var audit_findings = __webpack_require__(8293);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/audit/report.ts




/** Bumped when the cleanup report changes shape; the schema's `$id` carries the same number. */
const CLEANUP_SCHEMA_VERSION = 2;
/** The report's view of a surveyed namespace: never a secret, never the legacy key itself. */
function reportNamespaces(surveyed) {
    return surveyed.map(({ namespace, keys, error }) => ({
        id: namespace.namespace,
        label: namespace.label,
        region: namespace.region,
        legacy_credentials: (0,audit_findings/* hasLegacyCredentials */.MG)(namespace),
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

// EXTERNAL MODULE: ./src/audit/summary.ts
var summary = __webpack_require__(9579);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
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
    const findings = survey.namespaces.flatMap((surveyed) => (0,audit_findings/* findingsFor */.I6)(surveyed, options, now));
    for (const name of survey.missing) {
        findings.push((0,audit_findings/* finding */.gk)('namespace-unavailable', name, `No namespace ${name} in the token's account.`));
    }
    const report = { generated_at: new Date(now).toISOString(), namespaces: reportNamespaces(survey.namespaces), findings };
    const path = writeReport(reportDir, 'audit', report);
    core.setOutput('report', path);
    core.setOutput('findings', String(findings.length));
    for (const finding of findings)
        core[finding.severity](finding.message, { title: finding.rule });
    const keyCount = report.namespaces.reduce((sum, namespace) => sum + namespace.keys.length, 0);
    core.info(`Audited ${keyCount} keys in ${report.namespaces.length} namespaces: ${findings.length} findings. Report: ${path}`);
    await core.summary.addRaw((0,summary/* auditSummary */.qq)(report, now)).write();
    const failing = findings.filter((finding) => audit_findings/* SEVERITY_RANK */.f3[finding.severity] >= audit_findings/* SEVERITY_RANK */.f3[options.failOn]);
    if (failing.length > 0) {
        throw new errors/* ActionError */.lZ(`${failing.length} findings at or above fail-on \`${options.failOn}\` (see the annotations and the job summary).`);
    }
}

// EXTERNAL MODULE: ./src/api/transport.ts + 5 modules
var transport = __webpack_require__(3372);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
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
            else if ((0,audit_findings/* isOrphaned */.A2)(key, options.keyPrefix, now)) {
                const action = options.dryRun ? 'would-delete' : 'deleted';
                if ((0,audit_findings/* isExpired */._d)(key, now))
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
    const keys = (action) => (0,summary/* plural */.LS)(count(action), 'key');
    core.info(options.dryRun
        ? `Dry run: would delete ${keys('would-delete')}, keeps ${count('kept')}. Report: ${path}`
        : `Deleted ${keys('deleted')}, kept ${count('kept')}. Report: ${path}`);
    await core.summary.addRaw((0,summary/* cleanupSummary */.Xr)(report, now)).write();
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
