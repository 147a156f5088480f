// The pull request's body: each change with a link to its file and line, then each finding that needs a person
// (hard-coded credentials are never moved by a fix: the body says where they are and what to do). Secrets appear
// redacted only, as everywhere. Capped under GitHub's 65,536 characters.
import { escapeHtml } from '../../markdown.js';
import type { FixResult } from './fix/index.js';

const MAX_BODY = 60_000;

/** Our own text around quoted source: one line, and no HTML. */
function inline(text: string, max = 600): string {
  const flat = escapeHtml(text.replace(/\s+/g, ' '));
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface BodyContext {
  /** `https://github.com/owner/repo`. */
  repositoryUrl: string;
  /** The branch or commit links point at. */
  ref: string;
}

function link(context: BodyContext, path: string, line: number): string {
  const url = `${context.repositoryUrl}/blob/${encodeURIComponent(context.ref).replace(/%2F/g, '/')}/${path.split('/').map(encodeURIComponent).join('/')}#L${line}`;
  return `[\`${inline(path, 200).replace(/`/g, '')}\` line ${line}](${url})`;
}

export function pullRequestBody(fix: FixResult, context: BodyContext): string {
  const lines = [
    'The legacy DigitalOcean Functions credential (the namespace `uuid:key` pair) was deprecated on 13 March 2026 and stopped authenticating after 3 June 2026. ' +
      'This pull request, opened by `functions-access-key` in `mode: migrate`, moves the workflows below to a short-lived access key minted for each job and deleted when the job ends.',
    '',
    `### Changes (${fix.changes.reduce((n, c) => n + c.outcomes.filter((o) => o.fixed).length, 0)})`,
    '',
  ];
  for (const change of fix.changes) {
    for (const outcome of change.outcomes.filter((o) => o.fixed)) lines.push(`- ${link(context, change.path, outcome.line)}: \`${inline(outcome.command, 100).replace(/`/g, "'")}\`: ${outcome.what}.`);
  }
  lines.push(
    '',
    'Each mint step passes the DigitalOcean token its workflow already gives doctl (`token:`); that token needs the `function:admin` scope. ' +
      'Everything else in these files is unchanged, byte for byte.',
    '',
  );
  if (fix.tasks.length) {
    lines.push(`### Needs a human (${fix.tasks.length})`, '');
    let size = lines.join('\n').length;
    for (const [n, task] of fix.tasks.entries()) {
      const entry = `- ${link(context, task.file, task.line)} (\`${task.rule}\`): ${inline(task.what)}`;
      // The entry and the line break before it.
      size += entry.length + 1;
      if (size > MAX_BODY) {
        lines.push(`- … and ${fix.tasks.length - n} more: see the job summary and the report of the run.`);
        break;
      }
      lines.push(entry);
    }
    lines.push('');
  }
  lines.push('Run `npx github:acme/functions-access-key migrate` in a checkout to see what is left.');
  return lines.join('\n');
}
