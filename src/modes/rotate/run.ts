// mode: rotate, loaded on demand (its own chunk, with @actions/github and libsodium), so mint never pays for it.
import { verifyAccessKey } from '../../api/functions.js';
import { type Api, type Deps, connect } from '../../runner.js';
import { GitHubSecrets } from './github.js';
import { readRotateOptions } from './options.js';
import { rotate } from './rotate.js';

export async function runRotate({ core, env, clock }: Required<Deps>): Promise<void> {
  const options = readRotateOptions(core.getInput, env);
  if (options.expiresIn === null) {
    core.warning('expiration: never makes keys that stay valid until a run deletes them; if rotation stops, they never expire. Prefer e.g. `90d`.');
  }
  const log = (message: string) => core.info(message);
  let api: Api | undefined;
  let github: ReturnType<typeof GitHubSecrets.connect> | undefined;
  try {
    api = connect(options, core, clock);
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
  } finally {
    api?.transport.dispose();
    github?.dispose();
  }
}
