// Reading a large tree on worker threads (read-pool.ts): the same result as reading on one thread, in the same
// order; a walk that runs only so far ahead; no worker for a small tree; and a worker that fails or dies ends the
// scan with an error instead of a hang. The workers are the built one from dist/ and small stand-ins.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionError } from '../../src/errors.js';
import { BATCH, type Inspected, inspectAll } from '../../src/modes/migrate/read-pool.js';
import { MAX_SKIPPED_LISTED, scan } from '../../src/modes/migrate/scan.js';
import type { Walked } from '../../src/modes/migrate/walk.js';
import { BUILT_READ_WORKER } from '../migrate/fixture.js';


let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'fak-read-pool-'));
  return dir;
}

/** A stand-in worker: `body` gets each batch as `files` and runs in the worker, which knows its `threadId`. */
function worker(body: string): URL {
  const path = join(tempDir(), 'worker.mjs');
  writeFileSync(path, `import { parentPort, threadId } from 'node:worker_threads';\nlet answered = 0;\nparentPort.on('message', (files) => {\n${body}\n});\n`);
  return pathToFileURL(path);
}

/** Files to walk, without a tree on disk (stand-in workers never read them). */
function* files(count: number, pulled = { count: 0 }): Generator<Walked> {
  for (let i = 0; i < count; i++) {
    pulled.count++;
    yield { absolute: `/nowhere/${i}`, path: String(i) };
  }
}

const options = { maxBytes: 1024, always: () => false };

async function all(batches: AsyncGenerator<Inspected[]>): Promise<Inspected[]> {
  const items: Inspected[] = [];
  for await (const batch of batches) items.push(...batch);
  return items;
}

describe('reading on worker threads', () => {
  it('finds the same, in the same order, as reading on this thread, skips and the capped list included', async () => {
    const root = tempDir();
    const token = `dop_v1_${'a'.repeat(64)}`;
    // Over eleven batches: skips of every kind spread through the walk, findings past the first batch, and a
    // workflow whose stored key has no literal trigger (read whatever the prefilter says).
    for (let d = 0; d < 12; d++) {
      mkdirSync(join(root, `d${d}`, 'node_modules'), { recursive: true });
      for (let f = 0; f < 240; f++) {
        const name = join(root, `d${d}`, `f${f}`);
        if (f % 50 === 7) writeFileSync(name, `line\nexport T=${token}\n`);
        else if (f % 97 === 5) writeFileSync(name, 'x'.repeat(2048));
        else if (f % 2 === 0) writeFileSync(name, Buffer.from([1, 0, 2]));
        else writeFileSync(name, `nothing to see ${f}\n`);
      }
    }
    mkdirSync(join(root, 'd11', '.github', 'workflows'), { recursive: true });
    writeFileSync(join(root, 'd11', '.github', 'workflows', 'ci.yml'), 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: curl -u "${{ secrets.KEY }}" https://x\n');
    const here = await scan({ root, maxFileBytes: 1024, threads: 0 });
    const pooled = await scan({ root, maxFileBytes: 1024, threads: 2, worker: BUILT_READ_WORKER });
    expect(pooled).toEqual(here);
    // 2,881 files, read in twelve batches.
    expect(here.skippedCounts).toEqual({ vendored: 12, ignored: 0, symlink: 0, binary: 12 * 119, 'too-large': 12 * 3, unreadable: 0 });
    expect(here.files).toBe(12 * 118 + 1);
    expect(here.skipped).toHaveLength(MAX_SKIPPED_LISTED);
    expect(here.findings.filter((f) => f.rule === 'hardcoded-api-token')).toHaveLength(12 * 5);
    expect(here.findings.map((f) => f.rule)).toContain('long-lived-access-key');
  });

  it('runs the walk at most two batches per thread ahead of the answers', async () => {
    const answers = worker('parentPort.postMessage(files.map(() => ({ bytes: 1 })));');
    for (const threads of [0, 1, 2]) {
      const pulled = { count: 0 };
      const reading = inspectAll(files(10 * BATCH, pulled), { ...options, threads, worker: answers });
      const first = await reading.next();
      expect(first.value).toHaveLength(BATCH);
      expect(pulled.count).toBe((2 * threads + 1) * BATCH);
      expect(await all(reading)).toHaveLength(9 * BATCH);
    }
  });

  it('starts the workers once and spreads the batches over all of them', async () => {
    // Each answer says which thread read it.
    const tells = worker('parentPort.postMessage(files.map(() => ({ bytes: threadId })));');
    for (const threads of [1, 3]) {
      const read = await all(inspectAll(files(12 * BATCH), { ...options, threads, worker: tells }));
      const ids = new Set(read.map((item) => ('inspection' in item && 'bytes' in item.inspection ? item.inspection.bytes : 0)));
      expect(ids.size).toBe(threads);
      expect(ids.has(0)).toBe(false);
    }
  });

  // Each worker is a thread of this process; a leftover one would keep the CLI from exiting.
  it.skipIf(!existsSync('/proc/self/task'))('stops its workers when done', async () => {
    const threadsNow = () => readdirSync('/proc/self/task').length;
    const answers = worker('parentPort.postMessage(files.map(() => ({ bytes: 1 })));');
    const reading = { ...options, threads: 2, worker: answers };
    // Once first, so that whatever a worker's start sets up for good (libuv's pool) is there before counting.
    await all(inspectAll(files(2 * BATCH), reading));
    const before = threadsNow();
    await all(inspectAll(files(2 * BATCH), reading));
    expect(threadsNow()).toBe(before);
  });

  it('starts no worker for a tree smaller than one batch', async () => {
    const missing = pathToFileURL(join(tmpdir(), 'fak-no-such-worker.mjs'));
    const root = tempDir();
    for (let f = 1; f < BATCH; f++) writeFileSync(join(root, `f${f}`), 'text\n');
    expect((await scan({ root, threads: 2, worker: missing })).files).toBe(BATCH - 1);
    writeFileSync(join(root, 'one-more'), 'text\n');
    const failure = scan({ root, threads: 2, worker: missing });
    await expect(failure).rejects.toThrow(ActionError);
    await expect(failure).rejects.toThrow(/^migrate: a thread reading files failed: .*fak-no-such-worker\.mjs/);
    // Worker threads by default, one per core.
    await expect(scan({ root, worker: missing })).rejects.toThrow(ActionError);
  });

  it('fails, instead of waiting for ever, when a worker stops with batches in hand', async () => {
    const dies = worker('process.exit(3);');
    await expect(all(inspectAll(files(4 * BATCH), { ...options, threads: 1, worker: dies }))).rejects.toThrow('migrate: a thread reading files failed: it stopped with exit code 3');
  });

  it('fails, instead of waiting for ever, when a worker stops between batches', async () => {
    // Answers the three batches it is first sent, then stops while it has nothing in hand; the next batch is
    // handed out only after that, since the reader below takes its time.
    const stops = worker('parentPort.postMessage(files.map(() => ({ bytes: 1 })));\nif (++answered === 3) process.exit(4);');
    const reading = inspectAll(files(8 * BATCH), { ...options, threads: 1, worker: stops });
    const taken: number[] = [];
    const slowly = async () => {
      for await (const batch of reading) {
        taken.push(batch.length);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await expect(slowly()).rejects.toThrow('migrate: a thread reading files failed: it stopped with exit code 4');
    expect(taken).toEqual([BATCH, BATCH, BATCH]);
  });
});
