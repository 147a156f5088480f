#!/usr/bin/env node
// Entry of the command-line bundle (dist/cli/index.js, package.json "bin"): `functions-access-key migrate [path]`.
import { describe } from './errors.js';
import { runCli } from './modes/migrate/cli.js';

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
} catch (error) {
  // A file --fix cannot write, say: one line, no stack.
  process.stderr.write(`functions-access-key: ${describe(error)}\n`);
  process.exitCode = 2;
}
