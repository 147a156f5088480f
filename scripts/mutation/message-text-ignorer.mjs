// @ts-check
// A Stryker ignorer: skips mutants of human-readable message text, i.e. a string or template literal passed as
// the message of an error or a log line. Emptying such text changes what a person reads, never what the action
// does, and pinning every sentence in tests would only make them brittle. Only the literal itself is skipped:
// the code that decides which message is shown, and every other string (URLs, schemes, header names, input
// names, state keys), is still mutated.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/**
 * Which arguments of `new <Something>Error(…)` are message text: the first, as for `Error`, unless listed here
 * (`InputError`'s first is the input's name; `ApiError`'s message is built from the failure, its 4th is a note).
 */
const MESSAGE_ARGUMENTS = new Map([
  ['InputError', [1, 2]],
  ['ApiError', [3]],
]);
/** `core.info(…)`, `this.log(…)`, `options.log(…)`, `log(…)`: every argument is message text. */
const LOG_METHODS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'log']);

/** @param {any} path a Babel NodePath */
function isMessageArgument(path) {
  let node = path;
  // `'a' + b`, `cond ? 'a' : 'b'`: the literal is part of the argument, not all of it.
  while (
    (node.parentPath?.isBinaryExpression({ operator: '+' }) || (node.parentPath?.isConditionalExpression() && node.key !== 'test'))
  ) {
    node = node.parentPath;
  }
  const call = node.parentPath;
  if (node.listKey !== 'arguments' || !call) return false;
  const callee = call.node.callee;
  if (call.isNewExpression()) {
    return callee.type === 'Identifier' && /Error$/.test(callee.name) && (MESSAGE_ARGUMENTS.get(callee.name) ?? [0]).includes(node.key);
  }
  if (!call.isCallExpression()) return false;
  if (callee.type === 'Identifier') return callee.name === 'log';
  return callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && LOG_METHODS.has(callee.property.name);
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'message-text', {
    /** @param {any} path */
    shouldIgnore(path) {
      if ((path.isStringLiteral() || path.isTemplateLiteral()) && isMessageArgument(path)) {
        return 'Message text only (error and log messages): see scripts/mutation/message-text-ignorer.mjs';
      }
      return undefined;
    },
  }),
];
