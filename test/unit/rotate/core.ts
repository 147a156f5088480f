// A recording stand-in for @actions/core, for unit tests of code that takes `core` as an argument.
import type { Core } from '../../../src/runner.js';

export interface Recorded {
  core: Core;
  /** Every call in order: `info: …`, `warning: …`, `setSecret: …`, `setOutput: name=value`. */
  calls: string[];
  outputs: Record<string, string>;
  secrets: string[];
  /** Each summary written. */
  summaries: string[];
  lines(kind: string): string[];
}

export function recordingCore(inputs: Record<string, string> = {}): Recorded {
  const calls: string[] = [];
  const outputs: Record<string, string> = {};
  const secrets: string[] = [];
  const summaries: string[] = [];
  const log = (kind: string) => (message: unknown) => void calls.push(`${kind}: ${String(message)}`);
  let buffer = '';
  const summary = {
    addRaw(text: string) {
      buffer += text;
      return summary;
    },
    async write() {
      summaries.push(buffer);
      buffer = '';
      return summary;
    },
  };
  const core = {
    getInput: (name: string) => inputs[name] ?? '',
    setSecret: (value: string) => {
      secrets.push(value);
      calls.push(`setSecret: ${value}`);
    },
    setOutput: (name: string, value: unknown) => {
      outputs[name] = String(value);
      calls.push(`setOutput: ${name}=${String(value)}`);
    },
    exportVariable: log('exportVariable'),
    saveState: log('saveState'),
    getState: () => '',
    debug: log('debug'),
    info: log('info'),
    notice: log('notice'),
    warning: log('warning'),
    error: log('error'),
    setFailed: log('setFailed'),
    summary,
  } as unknown as Core;
  const lines = (kind: string) => calls.filter((call) => call.startsWith(`${kind}: `)).map((call) => call.slice(kind.length + 2));
  return { core, calls, outputs, secrets, summaries, lines };
}
