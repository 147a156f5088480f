import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ActionError } from './errors.js';

type Env = Record<string, string | undefined>;

/** The doctl executable on PATH, found without running anything. */
export function findDoctl(env: Env): string {
  // Stryker disable next-line all: the Windows names are used on Windows runners only; the tests run on Linux
  const names = process.platform === 'win32' ? ['doctl.exe', 'doctl.cmd'] : ['doctl'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here; keep looking
      }
    }
  }
  throw new ActionError(
    '`connect-doctl` is true but doctl is not on PATH. Install it in an earlier step (digitalocean/action-doctl@v2) or set `connect-doctl: false`.',
  );
}

export interface DoctlConnect {
  doctl: string;
  namespace: string;
  accessKey: string;
  token: string;
  apiUrl: string;
  env: Env;
  log: (line: string) => void;
}

/**
 * `doctl serverless connect <namespace> --access-key <id:secret>`. The command line is never logged (the
 * key is in it), and the API token goes through the environment, not argv.
 */
export async function connectDoctl(options: DoctlConnect): Promise<void> {
  const args = ['serverless', 'connect', options.namespace, '--access-key', options.accessKey];
  if (options.apiUrl !== 'https://api.digitalocean.com') args.push('--api-url', options.apiUrl);
  const child = spawn(options.doctl, args, {
    env: { ...options.env, DIGITALOCEAN_ACCESS_TOKEN: options.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  for (const line of output.split('\n').filter((line) => line.trim())) options.log(`doctl: ${line}`);
  if (code !== 0) {
    throw new ActionError(`doctl serverless connect exited with ${code}; see its output above.`);
  }
}
