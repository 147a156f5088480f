#!/usr/bin/env node
// Entry of the command-line bundle (dist/cli/index.js, package.json "bin"): `functions-access-key migrate [path]`.
import { runCli } from './modes/migrate/cli.js';

process.exitCode = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
