export const id = 292;
export const ids = [292];
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


/***/ })

};
