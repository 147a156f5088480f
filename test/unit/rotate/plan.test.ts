// The rotation plan, a pure function: which keys are managed (rule 1), when rotation is due (rule 2), what is
// deleted and when (rule 4), and crash safety (rule 5): a key an interrupted run created is never mistaken for
// the one the secret holds, and the key the secret holds is never deleted while it may still be held.
import { describe, expect, it } from 'vitest';
import type { AccessKey } from '../../../src/api/digitalocean.js';
import { CLOCK_SKEW_MS, type Plan, type PlanInput, dueAt, isManaged, plan } from '../../../src/modes/rotate/plan.js';

const NOW = Date.UTC(2026, 10, 30, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
let counter = 0;

/** A key created `age` before NOW that expires `expiresIn` after NOW (null: never). */
function key(name: string, age: number, expiresIn: number | null = 90 * DAY - age): AccessKey {
  counter++;
  return { id: `dof_v1_${String(counter).padStart(32, '0')}`, name, created_at: iso(NOW - age), expires_at: expiresIn === null ? null : iso(NOW + expiresIn) };
}

function run(keys: AccessKey[], secretAge: number | undefined, options: Partial<PlanInput> = {}): Plan {
  return plan({
    keys,
    base: 'partner-deploy',
    secretUpdatedAt: secretAge === undefined ? undefined : NOW - secretAge,
    now: NOW,
    rotateAfterHours: 30 * 24,
    graceHours: 24,
    ...options,
  });
}

const ids = (verdicts: { key: AccessKey }[]) => verdicts.map((verdict) => verdict.key.id);
const reasons = (verdicts: { key: AccessKey; reason: string }[]) => Object.fromEntries(verdicts.map(({ key: k, reason }) => [k.name, reason]));

describe('rule 1: the managed set', () => {
  it.each([
    ['partner-deploy', true],
    ['partner-deploy-0a1b2c', true],
    ['partner-deploy-ABCDEF', false],
    ['partner-deploy-0a1b2', false],
    ['partner-deploy-0a1b2c3', false],
    ['partner-deploy-x-0a1b2c', false],
    ['partner-deploy0a1b2c', false],
    ['xpartner-deploy', false],
    ['partner', false],
    ['partner-deploy-', false],
  ])('%s is managed: %s', (name, managed) => {
    expect(isManaged(name, 'partner-deploy')).toBe(managed);
  });

  it('takes the base literally, not as a pattern', () => {
    expect(isManaged('a.b-0a1b2c', 'a.b')).toBe(true);
    expect(isManaged('axb-0a1b2c', 'a.b')).toBe(false);
  });

  it('never touches another key, however old, expired or alike', () => {
    const others = [key('partner-deploy-old', 400 * DAY, -100 * DAY), key('gha-acme-app-1-1-deploy-0a1b2c', 2 * DAY, -DAY), key('Partner-Deploy', 50 * DAY, null)];
    for (const p of [run(others, undefined), run(others, 10 * DAY, { graceHours: 0 }), run(others, 100 * DAY)]) {
      expect([...p.remove, ...p.keep]).toEqual([]);
      expect(p.held).toBeUndefined();
    }
  });
});

describe('rule 2: when rotation is due', () => {
  it('is due on a first run: no managed key and no secret', () => {
    expect(run([], undefined)).toEqual({ due: 'there is no managed key and no secret yet', held: undefined, heldDueAt: undefined, remove: [], keep: [] });
  });

  it('is due when the secret does not exist, and keeps the existing keys through the grace period', () => {
    const a = key('partner-deploy-aaaaaa', 2 * DAY);
    const p = run([a], undefined);
    expect(p.due).toBe('the secret does not exist yet');
    expect(p.held).toBeUndefined();
    expect(p.keep).toEqual([{ key: a, reason: 'replaced by this run; deleted after the 1d grace period', until: NOW + DAY }]);
    expect(p.remove).toEqual([]);
  });

  it('is due when the secret exists but holds no managed key', () => {
    const p = run([], 3 * DAY);
    expect(p.due).toBe(`the secret holds no key this action manages (it was last updated ${new Date(NOW - 3 * DAY).toISOString()}, before any of them was created)`);
  });

  it('is not due while the held key is younger than rotate-after, and due from then on', () => {
    for (const [age, due] of [
      [29 * DAY, false],
      [30 * DAY - 1000, false],
      [30 * DAY, true],
      [45 * DAY, true],
    ] as const) {
      const held = key('partner-deploy-aaaaaa', age, null);
      const p = run([held], age - 5_000);
      expect(p.held).toBe(held);
      expect(Boolean(p.due)).toBe(due);
      expect(p.heldDueAt).toBe(NOW - age + 30 * DAY);
    }
    const old = key('partner-deploy-aaaaaa', 31 * DAY, null);
    expect(run([old], 31 * DAY).due).toBe(`key ${old.id} is 31d old, older than rotate-after (30d)`);
  });

  it('is due when the held key expires within rotate-after, or has expired', () => {
    const soon = key('partner-deploy-aaaaaa', 2 * DAY, 10 * DAY);
    expect(run([soon], 2 * DAY).due).toBe(`key ${soon.id} expires in 10d, within rotate-after (30d)`);
    expect(run([soon], 2 * DAY).heldDueAt).toBe(NOW - 20 * DAY);
    const edge = key('partner-deploy-aaaaaa', DAY, 30 * DAY);
    expect(run([edge], DAY).due).toBe(`key ${edge.id} expires in 30d, within rotate-after (30d)`);
    const later = key('partner-deploy-aaaaaa', DAY, 30 * DAY + 1000);
    expect(run([later], DAY).due).toBeUndefined();
    const gone = key('partner-deploy-aaaaaa', 95 * DAY, -5 * DAY);
    expect(run([gone], 95 * DAY).due).toBe(`key ${gone.id} expired 5d ago`);
    expect(run([gone], 95 * DAY, { rotateAfterHours: 24 * 365 }).due).toBe(`key ${gone.id} expired 5d ago`);
  });

  it('counts a key that expires this very moment as expired', () => {
    const now = key('partner-deploy-aaaaaa', 90 * DAY, 0);
    expect(run([now], 90 * DAY).due).toBe(`key ${now.id} expired 0m ago`);
    const replaced = key('partner-deploy-111111', 100 * DAY, 0);
    const held = key('partner-deploy-aaaaaa', DAY);
    expect(run([replaced, held], DAY - 1000, { graceHours: 48 }).remove).toEqual([{ key: replaced, reason: 'replaced, and expired' }]);
  });

  it('dates a key that never expires by age alone', () => {
    const forever = key('partner-deploy', 10 * DAY, null);
    expect(dueAt(forever, 24)).toBe(NOW - 9 * DAY);
    expect(run([forever], 10 * DAY).due).toBeUndefined();
  });

  it('counts due from whichever comes first, age or expiry', () => {
    const k = key('partner-deploy', 10 * DAY, 50 * DAY);
    expect(dueAt(k, 30 * 24)).toBe(NOW + 20 * DAY);
    expect(dueAt(k, 15 * 24)).toBe(NOW + 5 * DAY);
  });
});

describe('rule 4: deleting replaced keys', () => {
  const older = () => key('partner-deploy-111111', 60 * DAY);

  it('keeps a replaced key until grace has passed since the secret was last stored, then deletes it', () => {
    const a = older();
    const held = key('partner-deploy-aaaaaa', 2 * DAY);
    const within = run([a, held], 10 * HOUR);
    expect(within.due).toBeUndefined();
    expect(within.remove).toEqual([]);
    expect(within.keep).toEqual([
      { key: a, reason: 'replaced 10h ago, within the 1d grace period', until: NOW - 10 * HOUR + DAY },
      { key: held, reason: 'held by the secret' },
    ]);
    const past = run([a, held], 24 * HOUR);
    expect(past.remove).toEqual([{ key: a, reason: 'replaced 24h ago, past the 1d grace period' }]);
    expect(ids(past.keep)).toEqual([held.id]);
  });

  it('with grace 0 deletes every older key, and once rotated the replaced one too', () => {
    const a = older();
    const held = key('partner-deploy-aaaaaa', 31 * DAY);
    const p = run([held, a], 31 * DAY, { graceHours: 0 });
    expect(p.due).toBeDefined();
    expect(reasons(p.remove)).toEqual({ 'partner-deploy-111111': 'replaced 31d ago, past grace is 0', 'partner-deploy-aaaaaa': 'replaced by this run, and grace is 0' });
    expect(ids(p.remove)).toEqual([a.id, held.id]);
    expect(p.keep).toEqual([]);
  });

  it('keeps the key it replaces through the grace period, from now', () => {
    const held = key('partner-deploy-aaaaaa', 31 * DAY);
    const p = run([held], 31 * DAY, { graceHours: 48 });
    expect(p.keep).toEqual([{ key: held, reason: 'replaced by this run; deleted after the 2d grace period', until: NOW + 2 * DAY }]);
    expect(run([held], 31 * DAY, { graceHours: 36 }).keep[0]?.reason).toBe('replaced by this run; deleted after the 36h grace period');
  });

  it('deletes expired keys the secret no longer holds at once, grace or not', () => {
    const dead = key('partner-deploy-111111', 100 * DAY, -HOUR);
    const held = key('partner-deploy-aaaaaa', HOUR);
    expect(run([dead, held], HOUR, { graceHours: 24 * 30 }).remove).toEqual([{ key: dead, reason: 'replaced, and expired' }]);
    const expiredHeld = key('partner-deploy-aaaaaa', 95 * DAY, -5 * DAY);
    expect(run([expiredHeld], 95 * DAY, { graceHours: 24 * 30 }).remove).toEqual([{ key: expiredHeld, reason: 'replaced by this run, and expired' }]);
  });

  it('a run that is not due still deletes keys whose grace has passed', () => {
    const a = older();
    const held = key('partner-deploy-aaaaaa', 3 * DAY);
    const p = run([a, held], 3 * DAY);
    expect(p.due).toBeUndefined();
    expect(ids(p.remove)).toEqual([a.id]);
    expect(ids(p.keep)).toEqual([held.id]);
  });
});

describe('rule 5: crash safety', () => {
  it('a key created after the secret was stored is nobody’s: deleted, and no reason to call the rotation not due', () => {
    const held = key('partner-deploy-aaaaaa', 31 * DAY);
    const stray = key('partner-deploy-bbbbbb', HOUR);
    const p = run([held, stray], 31 * DAY);
    expect(p.held).toBe(held);
    expect(p.due).toBe(`key ${held.id} is 31d old, older than rotate-after (30d)`);
    expect(p.remove).toEqual([{ key: stray, reason: 'created 30d after the secret was last stored, so nobody holds it (a run stopped before storing it)' }]);
    expect(ids(p.keep)).toEqual([held.id]);
  });

  it('deletes the stray key in a run that is not due, and never the key the secret holds', () => {
    const held = key('partner-deploy-aaaaaa', 5 * DAY);
    const stray = key('partner-deploy-bbbbbb', 10 * 60_000);
    for (const graceHours of [0, 24]) {
      const p = run([held, stray], 5 * DAY - 5_000, { graceHours });
      expect(p.due).toBeUndefined();
      expect(ids(p.remove)).toEqual([stray.id]);
      expect(p.keep).toEqual([{ key: held, reason: 'held by the secret' }]);
    }
  });

  it('with a stray key and no secret, keeps both through the grace period (nobody is known to hold either)', () => {
    const stray = key('partner-deploy-bbbbbb', HOUR);
    const p = run([stray], undefined);
    expect(p.due).toBe('the secret does not exist yet');
    expect(ids(p.keep)).toEqual([stray.id]);
    expect(run([stray], undefined, { graceHours: 0 }).remove).toEqual([{ key: stray, reason: 'replaced by this run, and grace is 0' }]);
  });

  it('allows for clock skew: a key created up to 5 minutes after the secret’s update may be the one it holds', () => {
    const held = key('partner-deploy-aaaaaa', 10 * DAY);
    const secretAt = 10 * DAY + CLOCK_SKEW_MS; // DigitalOcean's clock ran 5 minutes ahead of GitHub's
    const p = run([held], secretAt);
    expect(p.held).toBe(held);
    expect(p.remove).toEqual([]);
    const beyond = run([held], secretAt + 1000);
    expect(beyond.held).toBeUndefined();
    expect(ids(beyond.remove)).toEqual([held.id]);
    expect(beyond.due).toMatch(/^the secret holds no key this action manages/);
  });

  it('keeps a key made within the skew after the held one, and rotates if either is due', () => {
    const held = key('partner-deploy-aaaaaa', 31 * DAY);
    const close = key('partner-deploy-bbbbbb', 31 * DAY - 60_000);
    const p = run([held, close], 31 * DAY - 30_000);
    expect(p.held).toBe(held);
    expect(p.due).toBe(`key ${held.id} is 31d old, older than rotate-after (30d)`);
    expect(p.remove).toEqual([]);
    expect(ids(p.keep)).toEqual([held.id, close.id]);
    // Not due: both stay, the second one "may" be held.
    const young = key('partner-deploy-aaaaaa', 2 * DAY);
    const twin = key('partner-deploy-bbbbbb', 2 * DAY - 60_000);
    const calm = run([young, twin], 2 * DAY - 30_000);
    expect(calm.due).toBeUndefined();
    expect(reasons(calm.keep)).toEqual({ 'partner-deploy-aaaaaa': 'held by the secret', 'partner-deploy-bbbbbb': 'created just after the secret was last stored, so the secret may hold it' });
  });

  it('takes the newest key of the skew window as held when none predates the secret’s update', () => {
    const a = key('partner-deploy-aaaaaa', 2 * DAY - 60_000);
    const b = key('partner-deploy-bbbbbb', 2 * DAY - 120_000);
    const p = run([b, a], 2 * DAY);
    expect(p.held).toBe(b);
    expect(p.due).toBeUndefined();
    expect(ids(p.keep)).toEqual([a.id, b.id]);
  });

  it('holds the newest key created before the update, whatever order the API lists them in', () => {
    const keys = [key('partner-deploy-333333', 3 * DAY), key('partner-deploy-111111', 40 * DAY), key('partner-deploy-222222', 20 * DAY)];
    const p = run([...keys].reverse(), 3 * DAY - 1000);
    expect(p.held?.name).toBe('partner-deploy-333333');
    expect(ids(p.remove)).toEqual([keys[1]!.id, keys[2]!.id]);
  });

  it('breaks ties in creation time by ID, so every run decides the same', () => {
    const a = key('partner-deploy-aaaaaa', DAY);
    const b = { ...key('partner-deploy-bbbbbb', DAY), id: 'dof_v1_0' };
    expect(run([a, b], 1000).held).toBe(a);
    expect(run([b, a], 1000).held).toBe(a);
  });
});
