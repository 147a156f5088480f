// A stand-in for @actions/core that records what the action does with it, for tests that call runMain, runPost
// and the modes directly (they take `core` as an argument for this). Inputs and state are plain maps.
import type { Core } from '../../src/runner.js';

export type Level = 'debug' | 'info' | 'notice' | 'warning' | 'error';

export interface Recorded {
  core: Core;
  /** Every call, in order: `mask`, a log level, `output`, `env`, `state`, `failed`, `summary`. */
  events: { kind: string; name?: string; value: string }[];
  secrets: string[];
  outputs: Record<string, string>;
  env: Record<string, string>;
  /** What saveState wrote. */
  saved: Record<string, string>;
  lines: { level: Level; message: string; title?: string }[];
  failed: string[];
  summary: string;
  /** Messages of one level, or every log line's message. */
  log(level?: Level): string[];
}

/** `inputs` are read as @actions/core reads them (trimmed, '' when unset); `state` is what getState returns. */
export function recordingCore(inputs: Record<string, string> = {}, state: Record<string, string> = {}): Recorded {
  const recorded = {
    events: [],
    secrets: [],
    outputs: {},
    env: {},
    saved: {},
    lines: [],
    failed: [],
    summary: '',
    log: (level?: Level) => recorded.lines.filter((entry) => level === undefined || entry.level === level).map((entry) => entry.message),
  } as unknown as Recorded;
  const line = (level: Level) => (message: string | Error, properties?: { title?: string }) => {
    const text = String(message instanceof Error ? message.message : message);
    recorded.lines.push({ level, message: text, ...(properties?.title ? { title: properties.title } : {}) });
    recorded.events.push({ kind: level, value: text });
  };
  const summary = {
    addRaw(text: string) {
      recorded.summary += text;
      return summary;
    },
    async write() {
      recorded.events.push({ kind: 'summary', value: recorded.summary });
      return summary;
    },
  };
  recorded.core = {
    getInput: (name: string) => (inputs[name] ?? '').trim(),
    getState: (name: string) => state[name] ?? '',
    setSecret: (value: string) => {
      recorded.secrets.push(value);
      recorded.events.push({ kind: 'mask', value });
    },
    setOutput: (name: string, value: unknown) => {
      recorded.outputs[name] = String(value);
      recorded.events.push({ kind: 'output', name, value: String(value) });
    },
    exportVariable: (name: string, value: unknown) => {
      recorded.env[name] = String(value);
      recorded.events.push({ kind: 'env', name, value: String(value) });
    },
    saveState: (name: string, value: unknown) => {
      recorded.saved[name] = String(value);
      recorded.events.push({ kind: 'state', name, value: String(value) });
    },
    setFailed: (message: string | Error) => {
      const text = String(message instanceof Error ? message.message : message);
      recorded.failed.push(text);
      recorded.events.push({ kind: 'failed', value: text });
    },
    debug: line('debug'),
    info: line('info'),
    notice: line('notice'),
    warning: line('warning'),
    error: line('error'),
    summary,
  } as unknown as Core;
  return recorded;
}
