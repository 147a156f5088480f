// The e2e harness checked on its own: the runner stand-in (file commands, masking, annotations, inputs, the
// job's env, posts and post-if) with a throwaway action, and the leak check against planted leaks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLeaks, keySecrets, tokenSecret } from './leak.js';
import { Job, inputEnv, loadAction, parseFileCommand, processLog, type StepResult } from './runner.js';

describe('runner stand-in', () => {
  it('parses both file-command forms, multi-line values included, and refuses an unclosed heredoc', () => {
    const text = 'a=1\nb<<ghadelimiter_x\nline 1\nline=2\nghadelimiter_x\nc=x<<y\n\nd<<EOF\nEOF\n';
    expect(parseFileCommand(text)).toEqual({ a: '1', b: 'line 1\nline=2', c: 'x<<y', d: '' });
    expect(() => parseFileCommand('b<<ghadelimiter_x\nvalue\n')).toThrow(/no closing delimiter/);
    expect(() => parseFileCommand('just text\n')).toThrow(/neither/);
  });

  it('masks a value from the line after its ::add-mask:: on, hides the command, and parses annotations', () => {
    const log = processLog(
      ['early s3cret', '::add-mask::s3cret', 'late s3cret and s3cret3', '::error file=a.ts,line=3,title=T%2C x::bad%0Anews s3cret', ''].join('\n'),
    );
    expect(log.masks).toEqual(['s3cret']);
    expect(log.maskedLog).toBe('early s3cret\nlate *** and ***3\n::error file=a.ts,line=3,title=T%2C x::bad%0Anews ***\n');
    expect(log.annotations).toEqual([{ level: 'error', properties: { file: 'a.ts', line: '3', title: 'T, x' }, message: 'bad\nnews s3cret' }]);
  });

  it('fills inputs from action.yml defaults (none for expiration, whose default differs by mode), hyphens kept', () => {
    const { env, unexpected } = inputEnv(loadAction(), { namespace: 'ns', 'key-name': 'k', extra: 'x' });
    expect(env).toMatchObject({ 'INPUT_KEY-NAME': 'k', INPUT_NAMESPACE: 'ns', INPUT_MODE: 'mint', INPUT_EXPIRATION: '', 'INPUT_EXPORT-ENV': 'true', INPUT_TOKEN: '' });
    expect(unexpected).toEqual(['extra']);
  });

  describe('a job with a throwaway action', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fak-e2e-stub-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, 'action.yml'),
      ['name: stub', 'inputs:', '  word:', '    default: hello', 'runs:', '  using: node24', '  main: main.mjs', '  post: post.mjs', `  post-if: ${'${{ success() }}'}`, ''].join('\n'),
    );
    writeFileSync(
      join(dir, 'main.mjs'),
      `import { appendFileSync } from 'node:fs';
const w = (file, name, value) => appendFileSync(process.env[file], name + '<<ghadelimiter_1\\n' + value + '\\nghadelimiter_1\\n');
const word = process.env.INPUT_WORD;
w('GITHUB_STATE', 'word', word);
w('GITHUB_OUTPUT', 'echo', word + '\\n' + (process.env.SEEN ?? 'none'));
w('GITHUB_ENV', 'SEEN', word);
if (word === 'fail') process.exitCode = 1;
`,
    );
    writeFileSync(join(dir, 'post.mjs'), 'console.log(`post ${process.env.STATE_word} saw ${process.env.SEEN}`);\n');

    it('applies exports to later steps and posts, runs posts in reverse with their own state', async () => {
      const job = new Job({ action: loadAction(dir) });
      try {
        const first = await job.uses({ name: 'one' });
        const second = await job.uses({ name: 'two', with: { word: 'bye' } });
        expect(first.outputs).toEqual({ echo: 'hello\nnone' });
        expect(second.outputs).toEqual({ echo: 'bye\nhello' });
        const seen = await job.run(({ env }) => env.SEEN);
        expect(seen.value).toBe('bye');
        const posts = await job.end();
        expect(posts.map((p) => p.stdout)).toEqual(['post bye saw bye\n', 'post hello saw bye\n']);
      } finally {
        job.dispose();
      }
    });

    it('skips later steps after a failure, and posts whose post-if is success()', async () => {
      const job = new Job({ action: loadAction(dir) });
      try {
        expect((await job.uses({ with: { word: 'fail' } })).exitCode).toBe(1);
        expect((await job.uses()).skipped).toBe(true);
        expect((await job.exec(process.execPath, ['-e', ''], { if: 'always()' })).exitCode).toBe(0);
        const posts = await job.end();
        expect(posts.map((p) => p.skipped)).toEqual([true]);
      } finally {
        job.dispose();
      }
    });
  });
});

describe('leak check', () => {
  const key = { id: 'dof_v1_abc', secret: 'fn_secret_xyz' };
  const pair = `${key.id}:${key.secret}`;
  const b64 = Buffer.from(pair).toString('base64');
  const secrets = [tokenSecret('dop_v1_tok'), ...keySecrets(key)];

  function step(parts: { stdout?: string[]; stderr?: string; state?: string; summary?: string; output?: string; env?: string }): StepResult {
    const stdout = (parts.stdout ?? []).join('\n');
    const log = processLog(stdout);
    return {
      name: 'planted',
      kind: 'main',
      skipped: false,
      exitCode: 0,
      signal: null,
      stdout,
      stderr: parts.stderr ?? '',
      outputs: {},
      exportedEnv: {},
      state: {},
      summary: parts.summary ?? '',
      paths: [],
      annotations: log.annotations,
      masks: log.masks,
      maskedLog: log.maskedLog,
      commands: log.commands,
      files: { output: parts.output ?? '', env: parts.env ?? '', state: parts.state ?? '', summary: parts.summary ?? '', path: '' },
      env: {},
      durationMs: 0,
      runnerWarnings: [],
    };
  }
  const masked = ['::add-mask::dop_v1_tok', `::add-mask::${key.secret}`, `::add-mask::${pair}`, `::add-mask::${b64}`];

  it('passes a step that masks first and writes secrets only to outputs and env', () => {
    const clean = step({ stdout: [...masked, `using ${key.id}`], output: `secret=${key.secret}\n`, env: `K=${pair}\n` });
    expect(findLeaks([clean], secrets)).toEqual([]);
  });

  it.each([
    ['stderr', { stdout: masked, stderr: `oops ${key.secret}` }, /secret of dof_v1_abc in stderr/],
    ['state', { stdout: masked, state: `k=${pair}` }, /id:secret of dof_v1_abc in GITHUB_STATE/],
    ['summary', { stdout: masked, summary: b64 }, /base64\(id:secret\) of dof_v1_abc in the step summary/],
    ['a line before the mask', { stdout: [`created ${key.secret}`, ...masked] }, /secret of dof_v1_abc in stdout line 1/],
    ['a line after the mask', { stdout: [...masked, `Authorization: Basic ${b64}`] }, /base64\(id:secret\) .* stdout line 5, which is not an ::add-mask:: line/],
    ['the token in an output', { stdout: masked, output: 'token=dop_v1_tok' }, /API token in GITHUB_OUTPUT/],
    ['a pair masked only through a longer mask', { stdout: [`::add-mask::x${pair}`, ...masked.slice(0, 2)] }, /id:secret .* before its own ::add-mask::/],
  ])('finds a secret in %s', (_where, parts, problem) => {
    expect(findLeaks([step(parts)], secrets).join('\n')).toMatch(problem);
  });
});
