import * as core from '@actions/core';
import { runMain } from './run-main.js';

await runMain({ core, env: process.env });
