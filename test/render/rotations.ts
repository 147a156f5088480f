// Rotations to render the summary of: the rotate mode's own entry (runRotate) run in this process against the fake
// DigitalOcean (with its Functions API) and the fake GitHub's Actions secrets, at the fixed moment NOW.
import { randomBytes } from 'node:crypto';
import { ActionError } from '../../src/errors.js';
import { runRotate } from '../../src/modes/rotate/run.js';
import { FakeSecrets } from '../fake/github/secrets.js';
import { FakeGitHub } from '../fake/github/server.js';
import { FakeDigitalOcean } from '../fake/server.js';
import { type Estate, HOSTILE, NOW, clock, summaryCore } from './estates.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SECRET = 'DO_FUNCTIONS_ACCESS_KEY';
const REPO = { repo: 'acme/app' };
const at = (offset: number) => new Date(NOW + offset).toISOString();

/**
 * small: a due rotation with grace 24h: the old key kept for the grace period, an older one deleted, a stray key
 * (created after the last store) whose delete is refused. large: a dry run over a namespace where rotation kept
 * failing before the store: 200 stray keys and 40 replaced ones would be deleted. hostile: a namespace labelled
 * and placed with Markdown and HTML, and a rotation that fails on GitHub's answer, whose message is made of them too.
 */
export async function rotateSummary(estate: Estate): Promise<string> {
  const fake = await FakeDigitalOcean.start({ now: () => NOW, rateLimit: false, recordRequests: false });
  const github = await FakeGitHub.start({ now: () => NOW });
  const secrets = await FakeSecrets.attach(github);
  secrets.addRepository(REPO.repo);
  const token = github.addToken(`github_pat_${randomBytes(20).toString('hex')}`, { kind: 'pat', permissions: { secrets: 'write', metadata: 'read' } });
  const hostile = estate === 'hostile';
  const ns = fake.addNamespace({ label: hostile ? (HOSTILE[0] as string) : 'widgets-prod', region: hostile ? (HOSTILE[4] as string) : 'nyc1', legacy: false }).namespace;
  const key = (name: string, age: number) => fake.addKey(ns, { name, createdAt: at(-age), expiresAt: at(90 * DAY - age) });
  const hex = (n: number) => n.toString(16).padStart(6, '0');
  const held = key('partner-deploy-aaaaaa', 31 * DAY);
  const storedAt = 31 * DAY - 5_000;
  secrets.setSecret(REPO, SECRET, `${held.id}:${held.secret}`, { createdAt: at(-60 * DAY), updatedAt: at(-storedAt) });
  key('manual-ci', 100 * DAY);
  const inputs: Record<string, string> = { mode: 'rotate', token: fake.token, 'api-url': fake.url, namespace: ns, 'key-name': 'partner-deploy', 'secret-name': SECRET, 'github-token': token };
  if (estate === 'small') {
    key('partner-deploy-bbbbbb', 45 * DAY);
    const stray = key('partner-deploy-cccccc', 2 * DAY);
    fake.inject({ method: 'DELETE', path: `/v2/functions/namespaces/${ns}/keys/${stray.id}`, status: 403, times: Infinity });
  } else if (estate === 'large') {
    for (let n = 0; n < 40; n++) key(`partner-deploy-${hex(0xb00000 + n)}`, 32 * DAY + n * HOUR);
    for (let n = 0; n < 200; n++) key(`partner-deploy-${hex(0xc00000 + n)}`, 30 * DAY - n * 3 * HOUR);
    inputs['dry-run'] = 'true';
  } else {
    // The summary shows a message's `code` spans as code (the action's own messages mark commands and inputs so):
    // the names with backticks go where nothing is read as code.
    github.inject({ method: 'PUT', path: `/repos/acme/app/actions/secrets/${SECRET}`, status: 422, body: { message: [1, 2, 3, 5].map((n) => HOSTILE[n]).join(' ') } });
  }
  const { core, markdown } = summaryCore(inputs);
  try {
    await runRotate({ core, env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO.repo }, clock });
  } catch (error) {
    // A failed rotation (a refused delete, GitHub's refusal) writes its summary first; that is what is checked.
    if (!(error instanceof ActionError)) throw error;
  } finally {
    await Promise.all([fake.close(), github.close()]);
  }
  return markdown();
}
