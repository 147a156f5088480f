// One JSON line per decision, for the function's activation log. Only what identifies the caller, the rule and the
// key: never the OIDC token, a key's secret or the API token, none of which reaches this module.

export interface Decision {
  request_id: string;
  action: 'mint' | 'delete';
  decision: 'allowed' | 'denied' | 'failed';
  status: number;
  reason?: string;
  rule?: string;
  repository?: string;
  repository_id?: string;
  run_id?: string;
  run_attempt?: string;
  ref?: string;
  event_name?: string;
  environment?: string;
  namespace?: string;
  key_id?: string;
  key_name?: string;
  expires_at?: string;
}

export type Write = (line: string) => void;

export function logDecision(write: Write, time: number, decision: Decision): void {
  write(JSON.stringify({ time: new Date(time).toISOString(), ...decision }));
}

/** Anything else worth a line (a retried DigitalOcean request, a configuration the broker refuses). */
export function logEvent(write: Write, time: number, event: string, message: string): void {
  write(JSON.stringify({ time: new Date(time).toISOString(), event, message }));
}
