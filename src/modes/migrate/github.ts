// The one place migrate makes its GitHub client: Octokit from @actions/github against GITHUB_API_URL (GHES too).
// Kept to this module so it can switch to the project's shared GitHub client (one retry policy for both APIs,
// proxy support through @actions/http-client's agent) when that lands, without touching the pull-request code.
import { getOctokit } from '@actions/github';

export type GitHub = ReturnType<typeof getOctokit>;

export function gitHubClient(token: string, apiUrl: string): GitHub {
  // Node's own fetch: @actions/github's default goes through undici, which the bundle leaves out (tsconfig paths).
  return getOctokit(token, { baseUrl: apiUrl, userAgent: 'functions-access-key-migrate', request: { fetch: (url: string, init: RequestInit) => fetch(url, init) } });
}
