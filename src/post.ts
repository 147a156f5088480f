import * as core from '@actions/core';
import { runPost } from './run-post.js';

await runPost({ core, env: process.env });
