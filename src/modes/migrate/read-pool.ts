// Reading a large tree on worker threads, so that a scan uses every core as ripgrep does. The walk stays on this
// thread and hands out batches of files; answers are taken in walk order, so a scan's result is the same whatever
// the number of threads, and the walk runs at most two batches per thread ahead, so memory stays flat. A tree
// smaller than one batch is read on this thread: starting a worker costs more than reading a few hundred files.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ActionError, describe } from '../../errors.js';
import { type Inspection, inspectFile } from './inspect.js';
import type { FileEntry, Skipped, Walked } from './walk.js';

/** Files per message to a worker. */
export const BATCH = 256;

/** One worker per core; past eight, reading waits on the disk and the walk, not on the CPU. */
// Stryker disable next-line MethodExpression: how many threads read changes the speed, not what is found
export const READ_THREADS = Math.min(availableParallelism(), 8);

/**
 * The built worker, beside the bundle that loads this code (dist/main/ or dist/cli/). The comment keeps ncc from
 * taking the path for an asset to copy into the bundle.
 */
// Stryker disable next-line StringLiteral: unit tests start the built worker by its path from test/; the end-to-end tests start this one
export const READ_WORKER = new URL(/* webpackIgnore: true */ '../read-worker/index.js', import.meta.url);

export interface ReadOptions {
  maxBytes: number;
  /** Worker threads for a tree of one batch or more; 0 reads everything on this thread. */
  threads: number;
  worker: URL;
  /** Files whose text is wanted even when the prefilter turns them away (workflows). */
  always: (absolute: string) => boolean;
}

/** A walked path: left out by the walk, or a file with what reading it found. */
export type Inspected = Skipped | { file: FileEntry; inspection: Inspection };

interface Waiter {
  resolve: (answers: Inspection[]) => void;
  reject: (error: Error) => void;
}

/** Worker threads; each answers its batches in the order it was sent them. */
class Readers {
  private readonly threads: { worker: Worker; waiting: Waiter[]; failed?: Error }[];

  constructor(count: number, url: URL, maxBytes: number) {
    this.threads = Array.from({ length: count }, () => {
      const thread: Readers['threads'][number] = { worker: new Worker(url, { workerData: { maxBytes } }), waiting: [] };
      const fail = (error: Error) => {
        thread.failed ??= new ActionError(`migrate: a thread reading files failed: ${describe(error)}`);
        for (const waiter of thread.waiting.splice(0)) waiter.reject(thread.failed);
      };
      // A worker answers only what it was sent, so someone is waiting for every answer.
      thread.worker.on('message', (answers: Inspection[]) => (thread.waiting.shift() as Waiter).resolve(answers));
      thread.worker.on('error', fail);
      thread.worker.on('exit', (code) => fail(new Error(`it stopped with exit code ${code}`)));
      return thread;
    });
  }

  read(files: [absolute: string, always: boolean][]): Promise<Inspection[]> {
    const thread = this.threads.reduce((least, next) => (next.waiting.length < least.waiting.length ? next : least));
    if (thread.failed) return Promise.reject(thread.failed);
    return new Promise((resolve, reject) => {
      thread.waiting.push({ resolve, reject });
      thread.worker.postMessage(files);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }
}

/** Every walked path with what reading it found, in walk order, a batch at a time. */
export async function* inspectAll(walked: Iterable<Walked>, options: ReadOptions): AsyncGenerator<Inspected[]> {
  let readers: Readers | undefined;
  let buffer: Buffer | undefined;
  const readHere = (files: FileEntry[]) => {
    buffer ??= Buffer.allocUnsafe(options.maxBytes);
    return files.map((file) => inspectFile(file.absolute, buffer as Buffer, options.maxBytes, options.always(file.absolute)));
  };
  const queue: { items: Walked[]; answers: Promise<Inspection[]> }[] = [];
  const send = (items: Walked[]) => {
    const files = items.filter((item): item is FileEntry => 'absolute' in item);
    const answers = readers ? readers.read(files.map((file) => [file.absolute, options.always(file.absolute)])) : Promise.resolve(readHere(files));
    // Awaited in turn below, which throws the failure; until then it must not count as unhandled.
    answers.catch(() => undefined);
    queue.push({ items, answers });
  };
  const next = async () => {
    const { items, answers } = queue.shift() as (typeof queue)[number];
    const inspections = await answers;
    let at = 0;
    return items.map((item): Inspected => ('absolute' in item ? { file: item, inspection: inspections[at++] as Inspection } : item));
  };
  try {
    let items: Walked[] = [];
    let files = 0;
    for (const item of walked) {
      items.push(item);
      if (!('absolute' in item) || ++files < BATCH) continue;
      if (options.threads > 0) readers ??= new Readers(options.threads, options.worker, options.maxBytes);
      send(items);
      items = [];
      files = 0;
      while (queue.length > 2 * options.threads) yield await next();
    }
    send(items);
    while (queue.length > 0) yield await next();
  } finally {
    await readers?.close();
  }
}
