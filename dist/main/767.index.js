export const id = 767;
export const ids = [767];
export const modules = {

/***/ 3767:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BRANCH: () => (/* binding */ BRANCH),
/* harmony export */   TITLE: () => (/* binding */ TITLE),
/* harmony export */   blobSha: () => (/* binding */ blobSha),
/* harmony export */   propose: () => (/* binding */ propose)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
// Proposes the fixed workflows as one pull request through the Git database API (blobs, a tree, a commit, the
// branch ref) and the pulls API: no git binary, and GitHub signs the commit when the token is an App's. One branch,
// one pull request: a re-run updates both, and writes nothing when the branch already holds the same files.
// Retries: blobs and trees are content-addressed, a commit made twice only leaves an unreferenced one behind, and
// moving the branch with `force` to the same commit again changes nothing, so those are retried like any request.
// Creating the branch or the pull request twice fails (it already exists): after an answer that was lost, each
// looks for what the lost attempt may have made before it tries again (`createOnce`). Should a create still find
// its branch or pull request there (a look-up that did not see it yet, or a run at the same time), GitHub's 422
// "already exists" is taken as "find it and update it", never as a reason to open a second one.


const BRANCH = 'functions-access-key/migrate';
const TITLE = 'Move CI off the legacy DigitalOcean Functions credential';
/** Git's blob id of `content`, to tell without a write whether the branch already holds it. */
function blobSha(content) {
    const bytes = Buffer.from(content);
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
function status(error) {
    return error.status;
}
/** GitHub's answer to a failed request, as Octokit keeps it; undefined when there was none. */
function answer(error) {
    return error.response?.data;
}
/** GitHub's 422 for a branch (`Reference already exists`) or pull request (in `errors`: `A pull request already exists for…`) that is there. */
function alreadyExists(error) {
    return /already exists/.test(JSON.stringify(answer(error)));
}
/** GitHub's refusal to let a token without `workflows` change a workflow, as an error that says what to do. */
function workflowsRefusal(error) {
    const message = String(answer(error)?.message);
    if (!/without `workflows?` (permission|scope)/.test(message))
        return undefined;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`GitHub refused to let the token change .github/workflows/ (${message}). The pull request needs a token with the \`workflows\` permission, which GITHUB_TOKEN can never have: ` +
        'pass `github-token` a fine-grained personal access token with Contents, Pull requests and Workflows (read and write) on this repository, ' +
        'or a GitHub App token from actions/create-github-app-token for an App granted those permissions. Nothing was pushed.');
}
async function propose(github, proposal) {
    const { octokit } = github;
    const { owner, repo } = proposal;
    const base = proposal.base ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
    const branchSha = async () => {
        try {
            return (await octokit.rest.git.getRef({ owner, repo, ref: `heads/${BRANCH}` })).data.object.sha;
        }
        catch (error) {
            if (status(error) !== 404)
                throw error;
            return undefined;
        }
    };
    const openPull = async () => {
        const pull = (await octokit.rest.pulls.list({ owner, repo, head: `${owner}:${BRANCH}`, state: 'open' })).data[0];
        return pull && { url: pull.html_url, number: pull.number, title: pull.title, body: pull.body };
    };
    const existing = await branchSha();
    let unchanged = false;
    if (existing) {
        const head = await octokit.rest.git.getCommit({ owner, repo, commit_sha: existing });
        const tree = await octokit.rest.git.getTree({ owner, repo, tree_sha: head.data.tree.sha, recursive: 'true' });
        const held = new Map(tree.data.tree.map((entry) => [entry.path, entry.sha]));
        unchanged = proposal.files.every((file) => held.get(file.path) === blobSha(file.content));
    }
    if (!unchanged) {
        const parent = await octokit.rest.git.getCommit({ owner, repo, commit_sha: proposal.parent });
        const entries = [];
        for (const file of proposal.files) {
            const blob = await octokit.rest.git.createBlob({ owner, repo, content: Buffer.from(file.content).toString('base64'), encoding: 'base64' });
            entries.push({ path: file.path, mode: '100644', type: 'blob', sha: blob.data.sha });
        }
        const tree = await octokit.rest.git.createTree({ owner, repo, base_tree: parent.data.tree.sha, tree: entries });
        // No author or committer: GitHub uses the token's identity, and signs the commit for an App.
        const { sha } = (await octokit.rest.git.createCommit({ owner, repo, message: proposal.message, tree: tree.data.sha, parents: [proposal.parent] })).data;
        const moveBranch = () => octokit.rest.git.updateRef({ owner, repo, ref: `heads/${BRANCH}`, sha, force: true });
        try {
            if (existing)
                await moveBranch();
            else {
                await github
                    .createOnce('POST', `/repos/${owner}/${repo}/git/refs`, async (once) => (await once.rest.git.createRef({ owner, repo, ref: `refs/heads/${BRANCH}`, sha })).data.object, 
                // Stryker disable next-line ObjectLiteral: what the branch's create returns is waited for, never read
                async () => ((await branchSha()) === sha ? { sha } : undefined))
                    .catch(async (error) => {
                    if (!alreadyExists(error))
                        throw error;
                    await moveBranch();
                });
            }
        }
        catch (error) {
            throw workflowsRefusal(error) ?? error;
        }
    }
    const body = proposal.body(base);
    const update = async (pull) => {
        const same = pull.title === TITLE && pull.body === body;
        if (!same)
            await octokit.rest.pulls.update({ owner, repo, pull_number: pull.number, title: TITLE, body });
        return { url: pull.url, number: pull.number, action: unchanged && same ? 'unchanged' : 'updated' };
    };
    const pull = await openPull();
    if (pull)
        return update(pull);
    try {
        const created = await github.createOnce('POST', `/repos/${owner}/${repo}/pulls`, async (once) => {
            const { data } = await once.rest.pulls.create({ owner, repo, head: BRANCH, base, title: TITLE, body });
            return { url: data.html_url, number: data.number };
        }, openPull);
        return { url: created.url, number: created.number, action: 'created' };
    }
    catch (error) {
        const found = alreadyExists(error) ? await openPull() : undefined;
        if (!found)
            throw error;
        return update(found);
    }
}


/***/ })

};
