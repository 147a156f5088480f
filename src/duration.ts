const PATTERN = /^([1-9][0-9]{0,5})([hd])$/;

/**
 * Parses the DigitalOcean `expires_in` form, `<int>h` or `<int>d`, into hours. Strict on purpose:
 * no minutes, fractions, signs, spaces or zero, so a typo can never become a longer-lived key.
 */
export function parseHours(value: string): number | undefined {
  const match = PATTERN.exec(value);
  if (!match) return undefined;
  const n = Number(match[1]);
  return match[2] === 'd' ? n * 24 : n;
}

export const HOUR_MS = 3_600_000;

/** `90d`, `12h`, `36h` as a person reads them: whole days when exact. */
export function formatHours(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}

/** A coarse, readable span for logs and summaries: `45m`, `11h 59m`, `89d`. */
export function formatSpan(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
