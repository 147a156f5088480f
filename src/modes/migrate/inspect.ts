// What the scan needs of one file, worked out where the file is read (on a worker thread, for a large tree): why it
// is skipped, or its size and, only when a scanner could find something in it, its text.
import { worthScanning } from './detect-text.js';
import { type SkipReason, readFile } from './walk.js';

export type Inspection = { skipped: Extract<SkipReason, 'binary' | 'too-large' | 'unreadable'> } | { bytes: number; text?: string };

/**
 * Reads `absolute` into `buffer` (which must hold `maxBytes`). `always` gives the text of a file that the
 * prefilter would turn away: workflows are always parsed, since a stored key fed to curl has no literal trigger.
 */
export function inspectFile(absolute: string, buffer: Buffer, maxBytes: number, always: boolean): Inspection {
  const read = readFile(absolute, buffer, maxBytes);
  if ('skipped' in read) return read;
  const bytes = read.bytes.length;
  // The prefilter only saves time: scanFile finds nothing in a file it turns away.
  // Stryker disable next-line ConditionalExpression: see above
  if (!always && !worthScanning(read.bytes.toString('latin1'))) return { bytes };
  return { bytes, text: read.bytes.toString('utf8').replace(/^\uFEFF/, '') };
}
