export const id = 352;
export const ids = [352];
export const modules = {

/***/ 6971:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gitHubClient: () => (/* binding */ gitHubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2785);
// The one place migrate makes its GitHub client: Octokit from @actions/github against GITHUB_API_URL (GHES too).
// Kept to this module so it can switch to the project's shared GitHub client (one retry policy for both APIs,
// proxy support through @actions/http-client's agent) when that lands, without touching the pull-request code.

function gitHubClient(token, apiUrl) {
    // Node's own fetch: @actions/github's default goes through undici, which the bundle leaves out (tsconfig paths).
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, { baseUrl: apiUrl, userAgent: 'functions-access-key-migrate', request: { fetch: (url, init) => fetch(url, init) } });
}


/***/ })

};
