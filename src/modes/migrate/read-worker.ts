// Entry of the worker thread that reads files for a large scan (dist/read-worker/index.js; read-pool.ts starts it):
// each message is a batch of [absolute path, always] pairs, each answer their inspections in the same order.
import { parentPort, workerData } from 'node:worker_threads';
import { inspectFile } from './inspect.js';

const { maxBytes } = workerData as { maxBytes: number };
const buffer = Buffer.allocUnsafe(maxBytes);
parentPort?.on('message', (files: [string, boolean][]) => {
  parentPort?.postMessage(files.map(([absolute, always]) => inspectFile(absolute, buffer, maxBytes, always)));
});
