export const id = 786;
export const ids = [786,292];
export const modules = {

/***/ 292:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  apiErrorOf: () => (/* binding */ apiErrorOf),
  connectGitHub: () => (/* binding */ connectGitHub)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2785);
// EXTERNAL MODULE: ./src/api/retry.ts
var api_retry = __webpack_require__(7018);
// EXTERNAL MODULE: ./src/api/transport.ts + 5 modules
var transport = __webpack_require__(3372);
;// CONCATENATED MODULE: ./src/api/fetch.ts


/**
 * A `fetch` for Octokit that sends every request through http-client (so `https_proxy` and `no_proxy` apply)
 * and the action's one retry loop. Answers that are worth another attempt (429, GitHub's rate-limit 403s, 5xx,
 * no answer) are retried; any other answer is handed back as it came, for Octokit to turn into its own errors.
 * When the retries run out, it throws the `ApiError` that says so (Octokit keeps it as the `cause`).
 */
function retryingFetch({ clock, log, retry, userAgent }) {
    const http = (0,transport/* httpClient */.ok)(userAgent);
    const fetch = async (url, init = {}) => {
        const target = new URL(String(url));
        const method = (init.method ?? 'GET').toUpperCase();
        if (init.body != null && typeof init.body !== 'string')
            throw new Error(`${method} ${target.pathname}: only string bodies are supported`);
        const body = init.body ?? null;
        // The user agent is the action's (http-client's), like every other request it sends, not Octokit's.
        const headers = Object.fromEntries(Object.entries(init.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'user-agent'));
        const answer = await (0,transport/* withRetries */.LH)(method, target.pathname, async (limits) => {
            const outcome = await (0,transport/* exchange */.cv)(http, method, target.href, body, headers, limits);
            if ((0,transport/* isFailure */.N6)(outcome))
                return outcome;
            const failure = gitHubFailure(outcome);
            return (0,api_retry/* isRetryable */.r3)(failure) ? failure : outcome;
        }, { clock, log, retry });
        // A 204's body must be null for the Response constructor; `url` is what fetch sets (Octokit's paginate reads it).
        const response = new Response([204, 205, 304].includes(answer.status) ? null : answer.text, { status: answer.status, headers: toHeaders(answer.headers) });
        return Object.defineProperty(response, 'url', { value: target.href });
    };
    return { fetch, dispose: () => http.dispose() };
}
/** An answer read as a failure, with GitHub's error message and request id, for the retry decision and the log. */
function gitHubFailure({ status, headers, text }) {
    const message = (0,transport/* parseJson */.qF)(text)?.message;
    return {
        kind: 'status',
        status,
        headers,
        message: typeof message === 'string' ? message : undefined,
        requestId: (0,transport/* firstHeader */.Yp)(headers['x-github-request-id']),
    };
}
function toHeaders(incoming) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming)) {
        for (const item of Array.isArray(value) ? value : [value])
            if (item !== undefined)
                headers.append(name, item);
    }
    return headers;
}

;// CONCATENATED MODULE: ./src/api/github.ts
// The action's one GitHub client, for every mode that calls GitHub (rotate's secrets, migrate's pull request):
// Octokit from @actions/github over the action's own fetch (./fetch.ts), so every request gets the one retry loop
// with its logged retries and GitHub's rate-limit handling, and http-client's proxy support (`https_proxy`,
// `no_proxy`); Octokit's own warnings go to the job log. `dispose` closes its sockets.




function connectGitHub({ token, baseUrl, clock, log }) {
    const octokitOver = (fetch) => {
        // Octokit's request layer takes the logger separately. The user agent is the action's (see fetch.ts).
        const logger = { debug: () => undefined, info: () => undefined, warn: log, error: log };
        return (0,github/* getOctokit */.Q)(token, { baseUrl, request: { fetch, log: logger }, log: logger });
    };
    const retrying = retryingFetch({ clock, log });
    const single = retryingFetch({ clock, log, retry: { ...api_retry/* DEFAULT_RETRY */.vI, maxAttempts: 1 } });
    const once = octokitOver(single.fetch);
    return {
        octokit: octokitOver(retrying.fetch),
        createOnce: (method, path, create, existing) => {
            let lost = false;
            // The look-up and the create are requests of their own, each with its retries: under one deadline, the
            // whole of it ends by this call's budget.
            return (0,transport/* withDeadline */.NE)(api_retry/* DEFAULT_RETRY */.vI.budgetMs, clock, () => (0,transport/* withRetries */.LH)(method, path, async () => {
                const found = lost ? await existing() : undefined;
                if (found)
                    return found;
                try {
                    return await create(once);
                }
                catch (error) {
                    const failure = apiErrorOf(error)?.failure;
                    if (!failure || !(0,api_retry/* isRetryable */.r3)(failure))
                        throw error;
                    lost ||= (0,api_retry/* isAmbiguous */.X2)(failure);
                    return failure;
                }
            }, { clock, log }));
        },
        dispose: () => {
            retrying.dispose();
            single.dispose();
        },
    };
}
/**
 * What went wrong with a GitHub request, as an ApiError: ours when our fetch gave up (Octokit keeps it as the
 * `cause`), or read from Octokit's RequestError for an answer our fetch handed back as it came (a 4xx). Undefined
 * for anything else, such as a request that never got an answer but was not ours to retry.
 */
function apiErrorOf(error) {
    const cause = error?.cause;
    if (cause instanceof transport/* ApiError */.hD)
        return cause;
    // Our fetch threw before any answer came: Octokit calls that a 500, but GitHub said nothing.
    if (cause !== undefined)
        return undefined;
    const { status, request, response } = (error ?? {});
    if (typeof status !== 'number' || !request?.url)
        return undefined;
    const message = response?.data?.message;
    const headers = response?.headers ?? {};
    return new transport/* ApiError */.hD(request.method ?? 'GET', new URL(request.url).pathname, {
        kind: 'status',
        status,
        headers,
        message: typeof message === 'string' ? message : undefined,
        requestId: headers['x-github-request-id'],
    });
}


/***/ }),

/***/ 8786:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRotate: () => (/* binding */ runRotate)
});

// EXTERNAL MODULE: ./src/api/retry.ts
var retry = __webpack_require__(7018);
// EXTERNAL MODULE: ./src/api/transport.ts + 5 modules
var api_transport = __webpack_require__(3372);
;// CONCATENATED MODULE: ./src/api/functions.ts


/** A key DigitalOcean just made may be refused for a few seconds while it propagates: retried this long. */
const PROPAGATION_RETRY = { maxAttempts: 5, baseMs: 1_000, capMs: 8_000, budgetMs: 30_000 };
const refused = (failure) => failure.kind === 'status' && (failure.status === 401 || failure.status === 403);
/**
 * Proves an access key works, the way doctl checks one: `GET <api_host>/api/v1/namespaces` under basic auth
 * `id:secret` lists the namespace. A refusal (401, 403) is retried like a 5xx, within PROPAGATION_RETRY.
 * Throws when the key still does not work.
 */
async function verifyAccessKey(options) {
    const { apiHost, namespace, id, secret, clock, log } = options;
    const authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const transport = new api_transport/* Transport */.oK({ baseUrl: apiHost, authorization, clock, log });
    try {
        const { body } = await transport.request('GET', '/api/v1/namespaces', undefined, {
            retry: PROPAGATION_RETRY,
            retryable: (failure) => (0,retry/* isRetryable */.r3)(failure) || refused(failure),
        });
        if (!Array.isArray(body) || !body.includes(namespace)) {
            throw new Error(`GET ${apiHost}/api/v1/namespaces answered ${JSON.stringify(body)}, which does not list namespace ${namespace}`);
        }
    }
    finally {
        transport.dispose();
    }
}

// EXTERNAL MODULE: ./src/runner.ts + 1 modules
var runner = __webpack_require__(8093);
// EXTERNAL MODULE: ./src/api/github.ts + 1 modules
var github = __webpack_require__(292);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/modes/rotate/github.ts


/** A GitHub request that failed, with the failure kept for the caller (was it ambiguous?) and a next step. */
class GitHubError extends errors/* ActionError */.lZ {
    failure;
    name = 'GitHubError';
    constructor(failure, message) {
        super(message);
        this.failure = failure;
    }
    get notFound() {
        return this.failure.kind === 'status' && this.failure.status === 404;
    }
}
class GitHubSecrets {
    octokit;
    target;
    name;
    constructor(octokit, target, name) {
        this.octokit = octokit;
        this.target = target;
        this.name = name;
    }
    /** A client for one secret; `dispose` closes its sockets. */
    static connect(options) {
        const { octokit, dispose } = (0,github.connectGitHub)(options);
        return { secrets: new GitHubSecrets(octokit, options.target, options.secretName), dispose };
    }
    /** The secret's metadata; undefined when it does not exist yet. */
    async get() {
        const { target, name: secret_name } = this;
        try {
            if (target.kind === 'organization') {
                const { data } = await this.octokit.rest.actions.getOrgSecret({ org: target.org, secret_name });
                const info = { createdAt: data.created_at, updatedAt: data.updated_at, visibility: data.visibility };
                if (data.visibility === 'selected') {
                    const repositories = await this.octokit.paginate(this.octokit.rest.actions.listSelectedReposForOrgSecret, { org: target.org, secret_name, per_page: 100 });
                    info.selectedRepositoryIds = repositories.map((repository) => repository.id);
                }
                return info;
            }
            const { data } = target.kind === 'environment'
                ? await this.octokit.rest.actions.getEnvironmentSecret({ owner: target.owner, repo: target.repo, environment_name: target.environment, secret_name })
                : await this.octokit.rest.actions.getRepoSecret({ owner: target.owner, repo: target.repo, secret_name });
            return { createdAt: data.created_at, updatedAt: data.updated_at };
        }
        catch (error) {
            const failure = this.failed(error, 'read');
            if (failure instanceof GitHubError && failure.notFound)
                return undefined;
            throw failure;
        }
    }
    /** The target's public key, which values must be sealed with. */
    async publicKey() {
        const { target } = this;
        try {
            const { data } = target.kind === 'organization'
                ? await this.octokit.rest.actions.getOrgPublicKey({ org: target.org })
                : target.kind === 'environment'
                    ? await this.octokit.rest.actions.getEnvironmentPublicKey({ owner: target.owner, repo: target.repo, environment_name: target.environment })
                    : await this.octokit.rest.actions.getRepoPublicKey({ owner: target.owner, repo: target.repo });
            return { keyId: data.key_id, key: data.key };
        }
        catch (error) {
            throw this.failed(error, 'read');
        }
    }
    /**
     * Stores a sealed value. An organization secret keeps its visibility and selected repositories (`current`);
     * a new one is `private`.
     */
    async put(sealed, key, current) {
        const { target, name: secret_name } = this;
        const value = { secret_name, encrypted_value: sealed, key_id: key.keyId };
        try {
            if (target.kind === 'organization') {
                const visibility = current?.visibility ?? 'private';
                await this.octokit.rest.actions.createOrUpdateOrgSecret({
                    org: target.org,
                    ...value,
                    visibility,
                    ...(visibility === 'selected' ? { selected_repository_ids: current?.selectedRepositoryIds ?? [] } : {}),
                });
            }
            else if (target.kind === 'environment') {
                await this.octokit.rest.actions.createOrUpdateEnvironmentSecret({ owner: target.owner, repo: target.repo, environment_name: target.environment, ...value });
            }
            else {
                await this.octokit.rest.actions.createOrUpdateRepoSecret({ owner: target.owner, repo: target.repo, ...value });
            }
        }
        catch (error) {
            throw this.failed(error, 'write');
        }
    }
    /**
     * One error for Octokit's (an answer it rejected) and ours (retries ran out, or no answer), saying what to do;
     * anything else as it was.
     */
    failed(error, access) {
        const apiError = (0,github.apiErrorOf)(error);
        if (!apiError)
            return error;
        const hint = hintFor(apiError.failure, this.target, access);
        return new GitHubError(apiError.failure, hint ? `GitHub: ${(0,errors/* sentence */.em)(apiError.message)} ${hint}` : `GitHub: ${apiError.message}`);
    }
}
/** The permission each target needs, named as GitHub's token settings name it. */
function permissionFor(target, access) {
    if (target.kind === 'organization')
        return `organization permission "Secrets" (${access}) on ${target.org}`;
    const permissions = target.kind === 'environment' ? `"Secrets" (${access}) and "Environments" (${access})` : `"Secrets" (${access})`;
    return `repository permission ${permissions} on ${target.owner}/${target.repo}`;
}
function hintFor(failure, target, access) {
    if (failure.kind !== 'status')
        return undefined;
    if (failure.status === 401)
        return 'Check that `github-token` is a current token (it may have expired or been revoked).';
    if (failure.status === 403) {
        return `\`github-token\` needs the ${permissionFor(target, access)} (a fine-grained token or a GitHub App token; the job's GITHUB_TOKEN cannot manage secrets).`;
    }
    if (failure.status === 404) {
        const where = target.kind === 'organization' ? `\`org\` (${target.org})` : target.kind === 'environment' ? `\`repository\` and \`environment\`` : '`repository`';
        return `Check ${where}: it does not exist, or \`github-token\` cannot see it (a fine-grained token must include the repository; a GitHub App must be installed on it).`;
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(890);
;// CONCATENATED MODULE: ./src/modes/rotate/options.ts



const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Every rotate input, checked before any request. */
function readRotateOptions(read, env) {
    const connection = (0,inputs/* readConnection */.dC)(read, env);
    const dryRun = (0,inputs/* parseBoolean */.yG)('dry-run', read('dry-run') || 'false');
    const expiration = parseExpiration(read('expiration') || '90d');
    const rotateAfter = read('rotate-after') || '30d';
    const rotateAfterHours = (0,inputs/* parseWindow */.Et)('rotate-after', rotateAfter);
    if (expiration.hours !== null && expiration.hours <= rotateAfterHours) {
        throw new errors/* InputError */.dz('rotate-after', `\`${rotateAfter}\` is not shorter than \`expiration\` (\`${expiration.value}\`), so every run would rotate`, 'a window shorter than `expiration`, e.g. `rotate-after: 30d` with `expiration: 90d`');
    }
    return {
        ...connection,
        mode: 'rotate',
        namespace: (0,inputs/* parseRequiredNamespace */.mg)(read('namespace'), 'rotate'),
        keyBase: parseKeyBase(read('key-name')),
        secretName: parseSecretName(read('secret-name')),
        githubToken: parseGitHubToken(read('github-token'), dryRun),
        githubApiUrl: parseGitHubApiUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com'),
        target: parseTarget(read, env),
        expiresIn: expiration.hours === null ? null : expiration.value,
        expirationHours: expiration.hours,
        rotateAfterHours,
        graceHours: parseGrace(read('grace') || '24h'),
        dryRun,
    };
}
function parseExpiration(value) {
    if (value === 'never')
        return { value, hours: null };
    const hours = (0,duration/* parseHours */.Tk)(value);
    if (hours === undefined) {
        throw new errors/* InputError */.dz('expiration', `\`${value}\` is not a duration`, '`<int>h` or `<int>d`, at least `1h` (e.g. `90d`), or `never`');
    }
    return { value, hours };
}
function parseGrace(value) {
    if (value === '0')
        return 0;
    const hours = (0,duration/* parseHours */.Tk)(value);
    if (hours === undefined)
        throw new errors/* InputError */.dz('grace', `\`${value}\` is not a duration`, '`0`, or `<int>h` or `<int>d` (e.g. `24h`)');
    return hours;
}
function parseKeyBase(value) {
    const body = (0,inputs/* keyNameBody */.pf)(value);
    if (!body) {
        const problem = value ? `\`${value}\` has no letters or digits` : 'it is required in rotate mode';
        throw new errors/* InputError */.dz('key-name', problem, 'the base name of the keys this rotation manages, e.g. `partner-deploy`');
    }
    return body;
}
function parseSecretName(value) {
    const accepted = 'an Actions secret name: letters, digits and `_`, not starting with a digit or `GITHUB_` (e.g. `DO_FUNCTIONS_ACCESS_KEY`)';
    if (!value)
        throw new errors/* InputError */.dz('secret-name', 'it is required in rotate mode', accepted);
    if (!SECRET_NAME.test(value))
        throw new errors/* InputError */.dz('secret-name', `\`${value}\` is not a valid secret name`, accepted);
    if (/^GITHUB_/i.test(value))
        throw new errors/* InputError */.dz('secret-name', `\`${value}\` starts with \`GITHUB_\`, which GitHub reserves`, accepted);
    return value;
}
function parseGitHubToken(value, dryRun) {
    if (!value && !dryRun) {
        throw new errors/* InputError */.dz('github-token', 'it is required in rotate mode (unless `dry-run: true`)', 'a fine-grained token or GitHub App token that may write Actions secrets, e.g. `github-token: ${{ secrets.SECRETS_ADMIN_TOKEN }}` (the job\'s GITHUB_TOKEN cannot)');
    }
    return value;
}
/** `GITHUB_API_URL` is the runner's, not an input; it gets the token, so it is held to the same rule as `api-url`. */
function parseGitHubApiUrl(value) {
    try {
        return (0,inputs/* parseHttpsUrl */.mX)('GITHUB_API_URL', value, 'https://api.github.com');
    }
    catch {
        throw new errors/* ActionError */.lZ(`The GITHUB_API_URL environment variable (${value}) is not usable: github-token is only sent over https (or http to a loopback host).`);
    }
}
function parseTarget(read, env) {
    const environment = read('environment');
    const org = read('org');
    const repository = read('repository');
    if (org) {
        if (environment)
            throw new errors/* InputError */.dz('org', 'it cannot be combined with `environment`', 'either `org` (an organization secret) or `environment` (an environment secret of `repository`)');
        if (repository)
            throw new errors/* InputError */.dz('org', 'it cannot be combined with `repository`', 'either `org` (an organization secret) or `repository` (a repository or environment secret)');
        if (!OWNER.test(org))
            throw new errors/* InputError */.dz('org', `\`${org}\` is not an organization name`, 'an organization login such as `acme` (letters, digits and `-`)');
        return { kind: 'organization', org };
    }
    const fullName = repository || env.GITHUB_REPOSITORY?.trim() || '';
    const [owner = '', repo = '', ...rest] = fullName.split('/');
    if (!fullName || rest.length || !OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') {
        const problem = fullName ? `\`${fullName}\` is not of the form owner/repo` : 'it is empty and GITHUB_REPOSITORY is not set';
        throw new errors/* InputError */.dz('repository', problem, '`owner/repo`, e.g. `acme/widgets` (default: the repository running the workflow)');
    }
    if (!environment)
        return { kind: 'repository', owner, repo };
    if (environment.length > 255 || CONTROL.test(environment)) {
        throw new errors/* InputError */.dz('environment', 'it is longer than 255 characters or holds control characters', 'the name of an environment of `repository`, e.g. `production`');
    }
    return { kind: 'environment', owner, repo, environment };
}
/** How the target reads in logs and the summary: `repository secret FOO of acme/app`. */
function describeTarget(target, secretName) {
    if (target.kind === 'organization')
        return `organization secret ${secretName} of ${target.org}`;
    const repo = `${target.owner}/${target.repo}`;
    return target.kind === 'environment' ? `environment secret ${secretName} of ${repo} (environment ${target.environment})` : `repository secret ${secretName} of ${repo}`;
}

// EXTERNAL MODULE: ./src/api/expiry.ts
var expiry = __webpack_require__(8193);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/modes/mint.ts
var mint = __webpack_require__(5450);
;// CONCATENATED MODULE: ./src/modes/rotate/plan.ts

/**
 * How far DigitalOcean's clock (a key's `created_at`) may run ahead of GitHub's (the secret's `updated_at`).
 * A key created up to this long after the secret's last update may still be the one it holds.
 */
const CLOCK_SKEW_MS = 5 * 60_000;
const SUFFIX = /^[0-9a-f]{6}$/;
/** A managed key is named `base`, or `base` plus the `-<6 hex>` suffix the action adds; no other key is touched. */
function isManaged(name, base) {
    return name === base || (name.startsWith(`${base}-`) && SUFFIX.test(name.slice(base.length + 1)));
}
const createdAt = (key) => Date.parse(key.created_at);
/** When a key falls due: `rotate-after` after its creation, or `rotate-after` before its expiry if that is sooner. */
function dueAt(key, rotateAfterHours) {
    const window = rotateAfterHours * duration/* HOUR_MS */.iQ;
    const byAge = createdAt(key) + window;
    return key.expires_at === null ? byAge : Math.min(byAge, Date.parse(key.expires_at) - window);
}
/** Why a key the secret may hold is due, or undefined. */
function dueReason(key, now, rotateAfterHours) {
    if (dueAt(key, rotateAfterHours) > now)
        return undefined;
    const window = (0,duration/* formatHours */.BG)(rotateAfterHours);
    if (key.expires_at !== null) {
        const expires = Date.parse(key.expires_at);
        if (expires <= now)
            return `key ${key.id} expired ${(0,duration/* formatSpan */.QA)(now - expires)} ago`;
        if (expires - now <= rotateAfterHours * duration/* HOUR_MS */.iQ)
            return `key ${key.id} expires in ${(0,duration/* formatSpan */.QA)(expires - now)}, within rotate-after (${window})`;
    }
    return `key ${key.id} is ${(0,duration/* formatSpan */.QA)(now - createdAt(key))} old, older than rotate-after (${window})`;
}
/**
 * Sorts the managed keys into: keys created after the secret's last update plus the skew (never stored: a run
 * stopped between creating and storing them; deleted, and never a reason to call the rotation not due); the key
 * the secret holds (the newest created before its last update) and any created within the skew after it (it may
 * hold those; rotation is due if any of them is); and older keys it held before (deleted once `grace` has passed
 * since its last update). When the run rotates, the keys it may hold become replaced now: deleted at once with
 * grace 0, else kept for `grace`. Expired keys the secret no longer holds are deleted at once.
 */
function plan({ keys, base, secretUpdatedAt, now, rotateAfterHours, graceHours }) {
    const managed = keys.filter((key) => isManaged(key.name, base)).sort((a, b) => createdAt(a) - createdAt(b) || a.id.localeCompare(b.id));
    const grace = graceHours * duration/* HOUR_MS */.iQ;
    const graceText = graceHours === 0 ? 'grace is 0' : `the ${(0,duration/* formatHours */.BG)(graceHours)} grace period`;
    const expired = (key) => key.expires_at !== null && Date.parse(key.expires_at) <= now;
    let orphans = [];
    let replaced = [];
    /** Keys the secret may hold; without a secret, every managed key (none is held, but one may have been copied). */
    let current = managed;
    let held;
    let due;
    if (secretUpdatedAt === undefined) {
        due = managed.length ? 'the secret does not exist yet' : 'there is no managed key and no secret yet';
    }
    else {
        orphans = managed.filter((key) => createdAt(key) > secretUpdatedAt + CLOCK_SKEW_MS);
        const candidates = managed.filter((key) => createdAt(key) <= secretUpdatedAt + CLOCK_SKEW_MS);
        const before = candidates.filter((key) => createdAt(key) <= secretUpdatedAt);
        replaced = before.slice(0, -1);
        current = candidates.slice(replaced.length);
        held = before.at(-1) ?? current.at(-1);
        due = held
            ? current.map((key) => dueReason(key, now, rotateAfterHours)).find(Boolean)
            : `the secret holds no key this action manages (it was last updated ${new Date(secretUpdatedAt).toISOString()}, before any of them was created)`;
    }
    // Strays and replaced keys exist only when the secret does.
    const stored = secretUpdatedAt ?? now;
    const remove = [];
    const keep = [];
    for (const key of managed) {
        if (orphans.includes(key)) {
            remove.push({ key, reason: `created ${(0,duration/* formatSpan */.QA)(createdAt(key) - stored)} after the secret was last stored, so nobody holds it (a run stopped before storing it)` });
        }
        else if (replaced.includes(key)) {
            const since = now - stored;
            if (expired(key))
                remove.push({ key, reason: 'replaced, and expired' });
            else if (since >= grace)
                remove.push({ key, reason: `replaced ${(0,duration/* formatSpan */.QA)(since)} ago, past ${graceText}` });
            else
                keep.push({ key, reason: `replaced ${(0,duration/* formatSpan */.QA)(since)} ago, within ${graceText}`, until: stored + grace });
        }
        else if (!due) {
            keep.push({ key, reason: key === held ? 'held by the secret' : 'created just after the secret was last stored, so the secret may hold it' });
        }
        else if (expired(key) || grace === 0) {
            remove.push({ key, reason: `replaced by this run, and ${expired(key) ? 'expired' : 'grace is 0'}` });
        }
        else {
            keep.push({ key, reason: `replaced by this run; deleted after ${graceText}`, until: now + grace });
        }
    }
    return { due, held, heldDueAt: held && dueAt(held, rotateAfterHours), remove, keep };
}

// EXTERNAL MODULE: ./node_modules/libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs + 1 modules
var libsodium_wrappers = __webpack_require__(4768);
;// CONCATENATED MODULE: ./src/modes/rotate/seal.ts


/**
 * Seals a value for GitHub Actions secrets: libsodium's sealed box (`crypto_box_seal`) against the target's
 * X25519 public key, base64 in and out, as GitHub's documentation does it. Only GitHub can open it.
 */
async function seal(value, publicKey) {
    await libsodium_wrappers/* default.ready */.Ay.ready;
    let key;
    try {
        key = libsodium_wrappers/* default.from_base64 */.Ay.from_base64(publicKey, libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL);
    }
    catch {
        key = new Uint8Array();
    }
    if (key.length !== libsodium_wrappers/* default */.Ay.crypto_box_PUBLICKEYBYTES) {
        throw new errors/* ActionError */.lZ(`GitHub's public key for the secret is not a base64 ${libsodium_wrappers/* default */.Ay.crypto_box_PUBLICKEYBYTES}-byte X25519 key; nothing was stored.`);
    }
    return libsodium_wrappers/* default.to_base64 */.Ay.to_base64(libsodium_wrappers/* default */.Ay.crypto_box_seal(libsodium_wrappers/* default.from_string */.Ay.from_string(value), key), libsodium_wrappers/* default.base64_variants */.Ay.base64_variants.ORIGINAL);
}

// EXTERNAL MODULE: ./src/audit/summary.ts
var summary = __webpack_require__(9579);
// EXTERNAL MODULE: ./src/markdown.ts
var markdown = __webpack_require__(3758);
;// CONCATENATED MODULE: ./src/modes/rotate/summary.ts



/** `2026-11-30 09:41 UTC (31d ago)`. */
function when(ms, now) {
    const at = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const span = (0,duration/* formatSpan */.QA)(ms - now);
    return Math.abs(ms - now) < 60_000 ? `${at} (now)` : ms > now ? `${at} (in ${span})` : `${at} (${span} ago)`;
}
function keyRow(role, key, now) {
    const expires = key.expires_at === null ? 'never' : when(Date.parse(key.expires_at), now);
    return `| ${role} | ${(0,markdown/* codeSpan */.SS)(key.id)} | ${(0,markdown/* codeSpan */.SS)(key.name)} | ${when(Date.parse(key.created_at), now)} | ${expires} |`;
}
function headline(report) {
    const target = (0,markdown/* escapeMarkdown */.FV)(report.target, 200);
    const held = report.newKey ?? report.plan?.held;
    const holds = held ? `holds ${(0,markdown/* codeSpan */.SS)(held.id, 80, 'text')}` : 'holds no key this action manages';
    if (report.error)
        return `❌ **Failed.** ${(0,markdown/* inlineMarkdown */.x)(report.error, 1000, 'text')}\n\nThe ${target} ${report.rotated ? 'holds the new key' : 'was not changed'}.`;
    if (report.dryRun) {
        const would = report.plan?.due ? `Would rotate: ${(0,markdown/* escapeMarkdown */.FV)(report.plan.due, 300)}.` : 'Would not rotate.';
        return `🧪 **Dry run.** ${would} Nothing was changed; the ${target} ${holds}.`;
    }
    if (report.rotated)
        return `✅ **Rotated** (${(0,markdown/* escapeMarkdown */.FV)(report.plan?.due ?? '', 300)}). The ${target} now ${holds}.`;
    return `⏸️ **Not due.** The ${target} ${holds}.`;
}
function verdictTable(title, verdicts, now, withUntil) {
    if (!verdicts.length)
        return [];
    const rows = verdicts.map(({ key, reason, until }) => {
        const cells = [(0,markdown/* codeSpan */.SS)(key.id), (0,markdown/* codeSpan */.SS)(key.name), (0,markdown/* escapeMarkdown */.FV)(reason, 200)];
        if (withUntil)
            cells.push(until === undefined ? '' : when(until, now));
        return `| ${cells.join(' | ')} |`;
    });
    const header = withUntil ? '| Key | Name | Why | Deleted from |\n| --- | --- | --- | --- |' : '| Key | Name | Why |\n| --- | --- | --- |';
    return [`### ${title}`, '', header, ...rows, ''];
}
function rotateSummary(report) {
    const { now, plan } = report;
    const lines = ['## 🔑 Functions access key rotation', '', headline(report), ''];
    const old = plan?.held;
    if (old || report.newKey) {
        lines.push('| | Key | Name | Created | Expires |', '| --- | --- | --- | --- | --- |');
        if (old)
            lines.push(keyRow(report.newKey ? 'Old' : 'Current', old, now));
        if (report.newKey)
            lines.push(keyRow('New', report.newKey, now));
        lines.push('');
    }
    const facts = [];
    if (report.namespace) {
        const { label, namespace, region } = report.namespace;
        facts.push(`**Namespace:** ${(0,markdown/* escapeMarkdown */.FV)(label)} (${(0,markdown/* codeSpan */.SS)(namespace, 80, 'text')}, ${(0,markdown/* escapeMarkdown */.FV)(region)})`);
    }
    if (report.storedAt !== undefined)
        facts.push(`**Stored:** in the ${(0,markdown/* escapeMarkdown */.FV)(report.target, 200)}, ${when(report.storedAt, now)}`);
    else if (report.secretUpdatedAt)
        facts.push(`**Secret last updated:** ${when(Date.parse(report.secretUpdatedAt), now)}`);
    if (report.nextDueAt !== undefined && !report.error) {
        facts.push(report.nextDueAt <= now
            ? `**Rotation due since:** ${when(report.nextDueAt, now)}`
            : `**Next rotation due:** ${when(report.nextDueAt, now)}; the first scheduled run from then replaces the key`);
    }
    facts.push(`**Policy:** rotate after ${(0,duration/* formatHours */.BG)(report.rotateAfterHours)}, grace ${report.graceHours ? (0,duration/* formatHours */.BG)(report.graceHours) : '0'}`);
    lines.push(...facts.map((fact) => `- ${fact}`), '');
    const wouldDelete = report.dryRun ? (plan?.remove ?? []) : [];
    lines.push(...verdictTable(`${report.dryRun ? 'Would delete' : 'Deleted'} (${(0,summary/* plural */.LS)(report.deleted.length + wouldDelete.length, 'key')})`, [...report.deleted, ...wouldDelete], now, false));
    lines.push(...verdictTable(`Not deleted (${(0,summary/* plural */.LS)(report.undeleted.length, 'key')})`, report.undeleted, now, false));
    // A failed run kept every key; the plan's reasons ("replaced by this run") would not hold.
    const kept = report.error ? [] : (plan?.keep ?? []).filter((verdict) => verdict.key !== old || report.rotated || report.dryRun);
    lines.push(...verdictTable(`${report.dryRun ? 'Would keep' : 'Kept'} (${(0,summary/* plural */.LS)(kept.length, 'key')})`, kept, now, true));
    return `${lines.join('\n').trimEnd()}\n`;
}

;// CONCATENATED MODULE: ./src/modes/rotate/rotate.ts












async function rotate(options, deps) {
    const { core, clock } = deps;
    const report = {
        target: describeTarget(options.target, options.secretName),
        dryRun: options.dryRun,
        rotateAfterHours: options.rotateAfterHours,
        graceHours: options.graceHours,
        now: clock.now(),
        rotated: false,
        deleted: [],
        undeleted: [],
    };
    try {
        await carryOut(options, deps, report);
    }
    catch (error) {
        report.error = (0,errors/* describe */.q0)(error);
        throw error;
    }
    finally {
        const held = report.newKey ?? report.plan?.held;
        core.setOutput('rotated', String(report.rotated));
        core.setOutput('key-id', held?.id ?? '');
        core.setOutput('deleted', String(report.deleted.length));
        if (held)
            report.nextDueAt = dueAt(held, options.rotateAfterHours);
        await core.summary.addRaw(rotateSummary(report)).write();
    }
}
async function carryOut(options, deps, report) {
    const { core, client, clock } = deps;
    const facts = await gather(options, deps);
    const current = facts.target?.current;
    report.namespace = facts.namespace;
    report.secretUpdatedAt = current?.updatedAt;
    const now = clock.now();
    const decided = plan({
        keys: facts.keys,
        base: options.keyBase,
        // Without github-token (a dry run) the secret is taken to have been stored just now: it holds the newest key.
        secretUpdatedAt: current ? Date.parse(current.updatedAt) : facts.target ? undefined : now,
        now,
        rotateAfterHours: options.rotateAfterHours,
        graceHours: options.graceHours,
    });
    report.plan = decided;
    describePlan(core, facts, decided, report, options.keyBase);
    // No target means no github-token, which options allow only in a dry run.
    if (options.dryRun || !facts.target) {
        const list = (verdicts) => verdicts.map(({ key, reason }) => `\n  ${key.id} (${key.name}): ${reason}`).join('');
        core.info(`Dry run: ${decided.due ? `would create a key named ${options.keyBase}-<6 hex>, verify it and store it in ${report.target}` : 'would not rotate'}; ` +
            `would delete ${decided.remove.length} key(s)${list(decided.remove)}\nwould keep ${decided.keep.length}${list(decided.keep)}\nNothing was changed.`);
        return;
    }
    if (decided.due) {
        const key = await replace(options, deps, facts.namespace, facts.target);
        report.newKey = { id: key.id, name: key.name, created_at: key.created_at, expires_at: key.expires_at };
        report.rotated = true;
        report.storedAt = clock.now();
    }
    for (const verdict of decided.remove) {
        try {
            const existed = await client.deleteKey(facts.namespace.namespace, verdict.key.id);
            core.info(`Deleted key ${verdict.key.id} (${verdict.key.name}): ${verdict.reason}${existed ? '' : ' (it was already gone)'}.`);
            report.deleted.push(verdict);
        }
        catch (error) {
            core.error(`Could not delete key ${verdict.key.id} (${verdict.key.name}): ${(0,errors/* describe */.q0)(error)}`);
            report.undeleted.push(verdict);
        }
    }
    for (const { key, reason } of decided.keep)
        core.info(`Kept key ${key.id} (${key.name}): ${reason}.`);
    if (report.undeleted.length) {
        throw new errors/* ActionError */.lZ(`${report.rotated ? 'The secret holds the new key, but ' : ''}${report.undeleted.length} old key(s) could not be deleted (see the errors above). ` +
            'The next run deletes them, or delete them now with `doctl serverless key delete <id>`.');
    }
}
/** The namespace and its keys, the secret's metadata and the target's public key, fetched concurrently. */
async function gather(options, { client, secrets }) {
    const ref = options.namespace;
    const namespaceAndKeys = (async () => {
        const namespace = 'id' in ref ? await client.getNamespace(ref.id) : (0,mint/* findByLabel */.N3)(await client.listNamespaces(), ref.label);
        return { namespace, keys: await client.listKeys(namespace.namespace) };
    })();
    // Settled, not raced: every request has finished (none is left running) before the first failure is thrown.
    const [found, current, publicKey] = await Promise.allSettled([namespaceAndKeys, secrets?.get(), secrets?.publicKey()]);
    const facts = rotate_valueOf(found);
    const key = rotate_valueOf(publicKey);
    if (secrets && key)
        facts.target = { store: secrets, current: rotate_valueOf(current), publicKey: key };
    return facts;
}
function rotate_valueOf(result) {
    if (result.status === 'rejected')
        throw result.reason;
    return result.value;
}
function describePlan(core, facts, decided, report, keyBase) {
    const { namespace, target } = facts;
    const managed = decided.remove.length + decided.keep.length;
    core.info(`Namespace ${namespace.label} (${namespace.namespace}, ${namespace.region}): ${managed} managed key(s) named ${keyBase}[-<6 hex>].`);
    if (!target)
        core.notice('Dry run without github-token: the secret cannot be read, so it is assumed to hold the newest managed key.');
    else if (target.current)
        core.info(`The ${report.target} was last updated ${target.current.updatedAt} (${(0,duration/* formatSpan */.QA)(report.now - Date.parse(target.current.updatedAt))} ago).`);
    else
        core.info(`The ${report.target} does not exist yet.`);
    if (decided.held)
        core.info(`It holds key ${decided.held.id} (${decided.held.name}), created ${decided.held.created_at}, ${rotate_expiry(decided.held)}.`);
    core.info(decided.due ? `Rotation is due: ${decided.due}.` : `Rotation is not due until ${new Date(decided.heldDueAt).toISOString()}.`);
}
function rotate_expiry(key) {
    return key.expires_at === null ? 'never expires' : `expires ${key.expires_at}`;
}
/** Creates, masks, verifies, seals and stores a new key. On failure the new key is deleted again, unless it may be stored. */
async function replace(options, deps, namespace, { store, current, publicKey }) {
    const { core, client, clock } = deps;
    const target = describeTarget(options.target, options.secretName);
    const requestedAt = clock.now();
    const key = await client.createKey(namespace.namespace, (0,inputs/* keyName */.xT)(options.keyBase, {}), options.expiresIn);
    (0,secrets/* maskAccessKey */.A)(core, key.id, key.secret);
    core.info(`Created key ${key.id} (${key.name}), ${rotate_expiry(key)}.`);
    const discard = async (why) => {
        try {
            await client.deleteKey(namespace.namespace, key.id);
            core.info(`Deleted the new key ${key.id} again: ${why}.`);
        }
        catch (error) {
            core.warning(`Could not delete the new key ${key.id} (${(0,errors/* describe */.q0)(error)}); nobody holds it, and the next run deletes it.`);
        }
    };
    try {
        checkExpiry(key, options, requestedAt);
        await deps.verify(key, namespace);
        core.info(`The Functions API at ${namespace.api_host} accepts the new key.`);
    }
    catch (error) {
        await discard('it did not pass its checks');
        throw new errors/* ActionError */.lZ(`The new key ${key.id} did not pass its checks: ${(0,errors/* sentence */.em)((0,errors/* describe */.q0)(error))} It was deleted; the secret and the old key are unchanged.`);
    }
    try {
        await store.put(await seal(`${key.id}:${key.secret}`, publicKey.key), publicKey, current);
    }
    catch (error) {
        if (error instanceof GitHubError && (0,retry/* isAmbiguous */.X2)(error.failure)) {
            const stored = await storedAfterAll(store, current);
            if (stored) {
                core.warning(`The answer to storing ${target} was lost, but the secret was updated: it holds the new key.`);
                return key;
            }
            if (stored === undefined) {
                throw new errors/* ActionError */.lZ(`${(0,errors/* sentence */.em)((0,errors/* describe */.q0)(error))} It is unclear whether ${target} now holds the new key ${key.id}, so both keys are kept. ` +
                    'Run again: the next run sees which key the secret holds and deletes the other.');
            }
        }
        await discard('it could not be stored');
        throw new errors/* ActionError */.lZ(`${(0,errors/* sentence */.em)((0,errors/* describe */.q0)(error))} The new key ${key.id} was deleted; the secret and the old key are unchanged.`);
    }
    core.info(`Stored the new key in ${target}.`);
    return key;
}
/** After an ambiguous failure to store: true when the secret's update time moved, undefined when that cannot be read. */
async function storedAfterAll(secrets, before) {
    try {
        const now = await secrets.get();
        return now !== undefined && now.updatedAt !== before?.updatedAt;
    }
    catch {
        return undefined;
    }
}
/** Fail closed, as mint does: a key that lives longer than `expiration` asked for is not stored. */
function checkExpiry(key, { expirationHours, expiresIn }, requestedAt) {
    if (expirationHours !== null && expiresIn !== null)
        (0,expiry/* provenExpiry */.oq)(key, requestedAt, expirationHours, expiresIn);
}

;// CONCATENATED MODULE: ./src/modes/rotate/run.ts
// mode: rotate, loaded on demand (its own chunk, with @actions/github and libsodium), so mint never pays for it.





async function runRotate({ core, env, clock }) {
    const options = readRotateOptions(core.getInput, env);
    if (options.expiresIn === null) {
        core.warning('expiration: never makes keys that stay valid until a run deletes them; if rotation stops, they never expire. Prefer e.g. `90d`.');
    }
    const log = (message) => core.info(message);
    let api;
    let github;
    try {
        api = (0,runner/* connect */.N)(options, core, clock);
        if (options.githubToken) {
            const { githubToken: token, githubApiUrl: baseUrl, target, secretName } = options;
            github = GitHubSecrets.connect({ token, baseUrl, target, secretName, clock, log });
        }
        await rotate(options, {
            core,
            client: api.client,
            secrets: github?.secrets,
            clock,
            verify: (key, namespace) => verifyAccessKey({ apiHost: namespace.api_host, namespace: namespace.namespace, id: key.id, secret: key.secret, clock, log }),
        });
    }
    finally {
        api?.transport.dispose();
        github?.dispose();
    }
}


/***/ })

};
