// Every message the action prints starts with one prefix, so users can grep a log for it.
const PREFIX = 'functions-access-key';

/** A failure the user can act on; `message` says what happened and what to do next. */
export class ActionError extends Error {
  override name = 'ActionError';
}

/** A bad input, found before any request is sent. */
export class InputError extends ActionError {
  override name = 'InputError';
  constructor(
    readonly input: string,
    problem: string,
    accepted: string,
  ) {
    super(`input \`${input}\`: ${problem}. Expected ${accepted}.`);
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A message ending in a full stop, for another sentence to follow. */
export function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

/** Next steps for the API failures users hit most; keyed by HTTP status. */
const HINTS: Record<number, string> = {
  401: 'Check that `token` is a current DigitalOcean API token (it may have been revoked or have expired).',
  403: 'The token needs the `function:admin` scope (`function:read` for audit).',
  404: 'Check `namespace`: the token\'s account has no such namespace (or key).',
  429: "The token's rate limit is spent; other jobs or tools using the same token share it. Try again later or use a separate token.",
};

/** The message to fail with: what happened, then what to do about it. */
export function explain(error: unknown): string {
  const status = (error as { status?: unknown })?.status;
  const hint = typeof status === 'number' ? HINTS[status] : undefined;
  return `${PREFIX}: ${describe(error)}${hint ? ` ${hint}` : ''}`;
}
