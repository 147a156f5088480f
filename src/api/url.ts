/**
 * Why credentials must not be sent to this URL, or undefined when they may: https, or http on loopback only
 * (tests, local fakes); no user info, query or fragment.
 */
export function credentialUrlProblem(url: URL): string | undefined {
  if (url.username || url.password || url.search || url.hash) return 'it must not carry credentials, a query or a fragment';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return `\`${url.protocol}//${url.host}\` would send credentials in clear text`;
  }
  return undefined;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
