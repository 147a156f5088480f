// Plans the rewrite of one workflow: every edit is a span of the ORIGINAL text and its replacement, found through the
// parser's node ranges and source tokens, so that everything a fix does not touch stays byte for byte (comments,
// key order, quoting, blank lines, anchors, CRLF). Re-serialising the document would reflow and requote it.
import { type Pair, type Scalar, type YAMLMap, isScalar } from 'yaml';
import { type CommandHit, IGNORE_MARK, commandAt, findCommands, words } from '../detect-text.js';
import { type RunStep, type Workflow, mintStepFor, parseWorkflow, sourceOffset } from '../detect-workflow.js';
import { ACCESS_KEY_ARGUMENT, type MintStep, mintStepFlow, mintStepLines } from '../mint-step.js';
import { inlineCode } from '../../../markdown.js';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** One legacy connect: fixed (how), or left for a human (why). */
export interface Outcome {
  line: number;
  command: string;
  fixed: boolean;
  what: string;
}

export interface Plan {
  edits: Edit[];
  outcomes: Outcome[];
}

/** Keys a `uses:` step may not have. */
const RUN_ONLY_KEYS = new Set(['shell', 'working-directory']);

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function range(node: { range?: [number, number, number] | null }): [number, number, number] {
  return node.range as [number, number, number];
}

function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

/** The line break the file uses. */
function newline(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Removes a pair of a block or flow mapping, and its line when it has one to itself. */
function deletePair(text: string, map: YAMLMap, index: number): Edit {
  const pair = map.items[index] as Pair;
  const [keyStart] = range(pair.key as Scalar);
  const valueEnd = range(pair.value as Scalar);
  const next = map.items[index + 1] as Pair | undefined;
  if (map.flow) {
    const previous = map.items[index - 1] as Pair | undefined;
    if (previous) return { start: range(previous.value as Scalar)[1], end: valueEnd[1], text: '' };
    return { start: keyStart, end: next ? range(next.key as Scalar)[0] : valueEnd[1], text: '' };
  }
  const start = lineStart(text, keyStart);
  if (/^[ \t]*$/.test(text.slice(start, keyStart))) return { start, end: valueEnd[2], text: '' };
  // The pair shares its line with `- `: the next pair moves up onto it.
  return { start: keyStart, end: next ? range(next.key as Scalar)[0] : valueEnd[2], text: '' };
}

/** The step, alone a connect, becomes the mint step: its `run:` pair is replaced; name, if, env and the rest stay. */
function replaceRun(text: string, step: RunStep, mint: MintStep): Edit[] {
  const map = step.step;
  const index = map.items.findIndex((pair) => keyName(pair) === 'run');
  const pair = map.items[index] as Pair;
  const [keyStart] = range(pair.key as Scalar);
  const valueEnd = range(pair.value as Scalar);
  const edits: Edit[] = [];
  if (map.flow) {
    edits.push({ start: keyStart, end: valueEnd[1], text: mintStepFlow(mint) });
  } else {
    const eol = newline(text);
    const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
    const lines = mintStepLines(mint).map((line) => line.slice(2));
    const replaced = text.slice(keyStart, valueEnd[2]);
    edits.push({ start: keyStart, end: valueEnd[2], text: lines.join(`${eol}${indent}`) + (replaced.endsWith('\n') ? eol : '') });
  }
  map.items.forEach((other, i) => {
    if (RUN_ONLY_KEYS.has(keyName(other))) edits.push(deletePair(text, map, i));
  });
  return edits;
}

/** The mint step, inserted as a block item on the lines before the step's `-`. */
function insertBefore(text: string, step: RunStep, mint: MintStep): Edit | undefined {
  const token = (step.seq?.srcToken as { type?: string; items?: { start: { type: string; offset: number }[] }[] } | undefined);
  const dash = token?.type === 'block-seq' ? token.items?.[step.index as number]?.start.find((t) => t.type === 'seq-item-ind') : undefined;
  if (!dash) return undefined;
  const start = lineStart(text, dash.offset);
  const indent = text.slice(start, dash.offset);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const eol = newline(text);
  return { start, end: start, text: mintStepLines(mint).map((line) => `${indent}${line}${eol}`).join('') };
}

/** Where the connect command ends in the file: each of its words found in turn from its keyword on. */
function commandEnd(text: string, step: RunStep, hit: CommandHit): number | undefined {
  const [, end] = range(step.run);
  let at = sourceOffset(text, step.run, step.script, hit.index, hit.keyword);
  for (const word of words(commandAt(step.script, hit.index))) {
    const found = text.indexOf(word, at);
    if (found < 0 || found >= end) return undefined;
    at = found + word.length;
  }
  return at;
}

/** The `if:` of a step, as written, when it is on one line. */
function condition(text: string, map: YAMLMap): string | undefined {
  const pair = map.items.find((p) => keyName(p) === 'if');
  if (!pair || !isScalar(pair.value)) return undefined;
  const [start, end] = range(pair.value);
  const written = text.slice(start, end);
  return written.includes('\n') ? undefined : written;
}

function shown(command: string): string {
  return command.length > 80 ? `${command.slice(0, 79)}…` : command;
}

/** The edits that fix every legacy connect of a workflow that can be fixed safely; the others say why not. */
export function planWorkflow(text: string, uses: string, workflow: Workflow | undefined = parseWorkflow(text, 'workflow')): Plan {
  const plan: Plan = { edits: [], outcomes: [] };
  if (!workflow) return plan;
  for (const step of workflow.steps) {
    const hits = findCommands(step.script).filter((hit) => hit.rule === 'doctl-connect-legacy');
    for (const hit of hits) {
      const line = workflow.lines.position(sourceOffset(text, step.run, step.script, hit.index, hit.keyword)).line;
      // Silenced on purpose (`# functions-access-key: ignore`): neither reported nor rewritten.
      if (workflow.lines.line(line).includes(IGNORE_MARK)) continue;
      const outcome = (fixed: boolean, what: string) => plan.outcomes.push({ line, command: shown(hit.command), fixed, what });
      if (hit.hiddenLogin) {
        outcome(false, 'it logs in with a literal legacy credential (`--apihost`/`--auth`): remove the credential and mint an access key instead');
        continue;
      }
      if (step.run.anchor) {
        outcome(false, 'its `run:` value is anchored and may be used elsewhere: fix it by hand');
        continue;
      }
      const mint = mintStepFor(workflow, step, hit, uses);
      if (mint.connectDoctl) {
        plan.edits.push(...replaceRun(text, step, mint));
        outcome(true, `the step became a mint step (\`connect-doctl: true\`) in namespace ${mint.namespace === undefined ? '`TODO`: set it' : inlineCode(mint.namespace)}`);
        continue;
      }
      if (hits.length > 1) {
        outcome(false, 'its step runs several legacy connects: split it, or fix it by hand');
        continue;
      }
      const before = step.aliased ? undefined : insertBefore(text, { ...step, step: step.step }, { ...mint, if: condition(text, step.step) });
      const end = commandEnd(text, step, hit);
      if (!before || end === undefined) {
        outcome(false, step.aliased ? 'its step is also used through a YAML alias: fix it by hand' : 'the step could not be rewritten safely here (flow-style steps or escaped quotes): fix it by hand');
        continue;
      }
      const argument = step.run.type === 'QUOTE_DOUBLE' ? ACCESS_KEY_ARGUMENT.replace(/"/g, '\\"') : ACCESS_KEY_ARGUMENT;
      plan.edits.push(before, { start: end, end, text: argument });
      outcome(true, `a mint step was added before the step, and the command got \`--access-key "$DO_FUNCTIONS_ACCESS_KEY"\` (namespace ${mint.namespace === undefined ? '`TODO`: set it' : inlineCode(mint.namespace)})`);
    }
  }
  return plan;
}

/** Applies non-overlapping edits to `text`, from the last to the first. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
