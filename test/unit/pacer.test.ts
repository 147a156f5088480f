import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/api/clock.js';
import { DEFAULT_PACE, Pacer } from '../../src/api/pacer.js';
import { Transport } from '../../src/api/transport.js';
import { FakeDigitalOcean } from '../fake/server.js';

const START = 1_800_000_000_000;

/** A clock whose sleep advances time at once: a sleeper wakes at (time it fell asleep) + ms. */
class FakeClock implements Clock {
  t = START;
  /** Wake-up times of every sleep, in call order. */
  readonly wakes: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    const wake = this.t + ms;
    this.wakes.push(wake);
    this.t = Math.max(this.t, wake);
  }
  random(): number {
    return 0.5;
  }
}

/** A clock whose sleepers wake only when the test advances time. */
class ManualClock implements Clock {
  t = START;
  private sleepers: { wake: number; resolve: () => void }[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.sleepers.push({ wake: this.t + ms, resolve }));
  }
  random(): number {
    return 0.5;
  }
  /** Moves time to `target`, waking each sleeper at its time, earliest first. */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      const due = this.sleepers.filter((s) => s.wake <= target).sort((a, b) => a.wake - b.wake)[0];
      if (!due) break;
      this.sleepers.splice(this.sleepers.indexOf(due), 1);
      this.t = due.wake;
      due.resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.t = target;
  }
}

function setup(options: Partial<typeof DEFAULT_PACE> = {}) {
  const clock = new FakeClock();
  const logs: string[] = [];
  const pacer = new Pacer({ ...DEFAULT_PACE, perMinute: 250, ...options, clock, log: (message) => logs.push(message) });
  /** Acquires and returns when (relative to START) the request may go out. */
  const send = async () => {
    await pacer.acquire();
    return clock.now() - START;
  };
  return { clock, logs, pacer, send };
}

describe('Pacer', () => {
  it('defaults to no more than DigitalOcean allows: 250 a minute, a reserve, a few minutes of waiting at most', () => {
    expect(DEFAULT_PACE.perMinute).toBeLessThanOrEqual(250);
    expect(DEFAULT_PACE.perMinute).toBeGreaterThanOrEqual(200);
    expect(DEFAULT_PACE.reserve).toBeGreaterThan(0);
    expect(DEFAULT_PACE.maxWaitMs).toBeLessThanOrEqual(10 * 60_000);
  });

  it('spaces requests evenly at 250 a minute (240 ms apart), the first at once', async () => {
    const { send } = setup();
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push(await send());
    expect(times).toEqual([0, 240, 480, 720, 960, 1200, 1440, 1680, 1920, 2160]);
  });

  it('hands out slots in call order to concurrent callers', async () => {
    const { clock, pacer } = setup();
    await Promise.all(Array.from({ length: 5 }, () => pacer.acquire()));
    expect(clock.wakes.map((wake) => wake - START)).toEqual([240, 480, 720, 960]);
  });

  it('250 requests take a minute, not less', async () => {
    const { send } = setup();
    let last = 0;
    for (let i = 0; i < 251; i++) last = await send();
    expect(last).toBe(60_000);
  });

  it('does not make a caller wait after an idle spell', async () => {
    const { clock, send } = setup();
    await send();
    clock.t += 5_000;
    expect(await send()).toBe(5_000);
    expect(await send()).toBe(5_240);
  });

  it('pauses every caller until retry-after when a 429 comes back, and logs it once', async () => {
    const { clock, logs, pacer, send } = setup();
    await send();
    pacer.observe(429, { 'retry-after': '2', 'ratelimit-remaining': '0' });
    // A shorter retry-after from another worker's 429 does not shorten the pause, nor log again.
    pacer.observe(429, { 'retry-after': '1' });
    expect(logs).toEqual(['Rate limited (another client may share the token): pausing all requests for 2s.']);
    const wakesBefore = clock.wakes.length;
    await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire()]);
    expect(clock.wakes.slice(wakesBefore).map((wake) => wake - START)).toEqual([2_000, 2_240, 2_480]);
    expect(await send()).toBe(2_720);
  });

  it('waits for ratelimit-reset when the hourly remaining is at or below the reserve', async () => {
    const { clock, logs, pacer, send } = setup();
    const reset = Math.ceil((START + 90_000) / 1000);
    pacer.observe(200, { 'ratelimit-limit': '5000', 'ratelimit-remaining': '250', 'ratelimit-reset': String(reset) });
    expect(await send()).toBe(reset * 1000 - START);
    expect(await send()).toBe(reset * 1000 - START + 240);
    expect(logs).toEqual([]);
    expect(clock.now()).toBe(reset * 1000 + 240);
  });

  it('does not wait while more than the reserve is left, or when reset has passed', async () => {
    const { pacer, send } = setup();
    pacer.observe(200, { 'ratelimit-remaining': '251', 'ratelimit-reset': String(Math.ceil(START / 1000) + 600) });
    expect(await send()).toBe(0);
    pacer.observe(200, { 'ratelimit-remaining': '3', 'ratelimit-reset': String(Math.floor(START / 1000) - 10) });
    expect(await send()).toBe(240);
  });

  it('treats a 429 without retry-after (hourly quota spent) like a spent quota: waits for ratelimit-reset', async () => {
    const { pacer, send } = setup();
    const reset = Math.ceil(START / 1000) + 30;
    pacer.observe(429, { 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) });
    expect(await send()).toBe(reset * 1000 - START);
  });

  it('ignores missing and malformed headers', async () => {
    const { pacer, send } = setup();
    pacer.observe(429, { 'retry-after': 'soon' });
    pacer.observe(200, { 'ratelimit-remaining': '-1', 'ratelimit-reset': '1e12' });
    pacer.observe(200, {});
    expect(await send()).toBe(0);
    expect(await send()).toBe(240);
  });

  it('throws instead of waiting past maxWaitMs, and waits exactly maxWaitMs', async () => {
    const { clock, pacer } = setup({ maxWaitMs: 300_000 });
    const startSec = START / 1000;
    pacer.observe(200, { 'ratelimit-remaining': '10', 'ratelimit-reset': String(startSec + 301) });
    await expect(pacer.acquire()).rejects.toThrow(/hourly rate limit is nearly spent.*run again later/);
    // Nothing was slept, and a refused caller takes no slot.
    expect(clock.now()).toBe(START);
    expect(clock.wakes).toEqual([]);

    const { pacer: edge, send: edgeSend } = setup({ maxWaitMs: 300_000 });
    edge.observe(200, { 'ratelimit-remaining': '10', 'ratelimit-reset': String(startSec + 300) });
    expect(await edgeSend()).toBe(300_000);
  });

  it('throws for a caller whose slot, behind the queued ones, lies past maxWaitMs', async () => {
    // Here sleeping does not move time: all four callers ask at the same instant.
    const clock = { now: () => START, sleep: async () => undefined, random: () => 0 };
    const pacer = new Pacer({ ...DEFAULT_PACE, perMinute: 60, maxWaitMs: 2_000, clock, log: () => undefined });
    const results = await Promise.allSettled([pacer.acquire(), pacer.acquire(), pacer.acquire(), pacer.acquire()]);
    // Slots at +0, +1s, +2s are within the limit; the fourth would start 3s from now.
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
  });

  // With 8 workers every worker usually holds a slot already, so a pause that skipped them would hold back nothing.
  it('holds back a caller already waiting for its slot when a 429 pauses every caller', async () => {
    const clock = new ManualClock();
    const pacer = new Pacer({ ...DEFAULT_PACE, perMinute: 250, clock, log: () => undefined });
    await pacer.acquire();
    let sentAt: number | undefined;
    const waiting = pacer.acquire().then(() => {
      sentAt = clock.now() - START;
    });
    // The first request's answer: 429, retry after 2s. The second caller is asleep until +240 ms.
    pacer.observe(429, { 'retry-after': '2' });
    await clock.advanceTo(START + 5_000);
    await waiting;
    expect(sentAt).toBeGreaterThanOrEqual(2_000);
  });
});

describe('pacer: other clients of the token', () => {
  it('leaves room for requests the server counted beyond ours', async () => {
    const { pacer, send, logs } = setup();
    // Another client sends 100 requests a minute: the server's count grows by those and by ours.
    const othersUntil = (t: number) => Math.floor((t * 100) / 60_000);
    let ours = 0;
    for (let i = 0; i < 30; i++) {
      const t = await send();
      ours++;
      const used = ours + othersUntil(t);
      pacer.observe(200, { 'ratelimit-limit': '5000', 'ratelimit-remaining': String(5000 - used), 'ratelimit-reset': '0' });
    }
    expect(logs).toEqual([expect.stringMatching(/^Other clients use this token too \(about (9\d|10\d) requests a minute\): leaving them room\.$/)]);
    // 250 less 100 with a 15% margin: about 135 a minute, 444 ms apart instead of 240.
    const a = await send();
    const gap = (await send()) - a;
    expect(gap).toBeGreaterThan(420);
    expect(gap).toBeLessThan(480);
  });

  it('never stops altogether, however busy the others are', async () => {
    const { pacer, send } = setup();
    let ours = 0;
    for (let i = 0; i < 30; i++) {
      const t = await send();
      ours++;
      pacer.observe(200, { 'ratelimit-limit': '5000', 'ratelimit-remaining': String(5000 - ours - Math.floor((t * 400) / 60_000)), 'ratelimit-reset': '0' });
    }
    // Others alone exceed the limit: we keep a tenth of it (2.4 s apart) and let 429s pause us if need be.
    const a = await send();
    expect((await send()) - a).toBe(2_400);
  });

  it('keeps full speed when the count grows only by our own requests', async () => {
    const { pacer, send, logs } = setup();
    for (let used = 1; used <= 30; used++) {
      await send();
      pacer.observe(200, { 'ratelimit-limit': '5000', 'ratelimit-remaining': String(5000 - used), 'ratelimit-reset': '0' });
    }
    const a = await send();
    expect((await send()) - a).toBe(240);
    expect(logs).toEqual([]);
  });
});

describe('pacer: reading the headers', () => {
  const paced = () => Object.assign(setup(), { ours: 0 });
  /** Sends `n` requests, answering each with the server's count `used(t)` (t: ms since START), as DigitalOcean would. */
  async function run(env: ReturnType<typeof paced>, n: number, used: (t: number, ours: number) => number, extra: Record<string, string> = {}) {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = await env.send();
      env.ours++;
      times.push(t);
      env.pacer.observe(200, { 'ratelimit-limit': '5000', 'ratelimit-remaining': String(5000 - used(t, env.ours)), 'ratelimit-reset': '0', ...extra });
    }
    return times;
  }
  /** The spacing of the next two requests (the server counts them too). */
  const gapAfter = async (env: ReturnType<typeof paced>) => {
    const a = await env.send();
    const b = await env.send();
    env.ours += 2;
    return b - a;
  };

  it('a 200 that carries retry-after pauses nothing', async () => {
    const { pacer, send, logs } = setup();
    pacer.observe(200, { 'retry-after': '30' });
    expect(await send()).toBe(0);
    expect(await send()).toBe(240);
    expect(logs).toEqual([]);
  });

  it('a second 429 with the same retry-after at the same moment neither logs again nor lengthens the pause', async () => {
    const { pacer, send, logs } = setup();
    pacer.observe(429, { 'retry-after': '3' });
    pacer.observe(429, { 'retry-after': '3' });
    expect(logs).toHaveLength(1);
    expect(await send()).toBe(3_000);
  });

  it('a later, longer 429 lengthens the pause and says so', async () => {
    const { pacer, send, logs } = setup();
    pacer.observe(429, { 'retry-after': '1' });
    pacer.observe(429, { 'retry-after': '5' });
    expect(logs).toEqual([expect.stringContaining('for 1s'), expect.stringContaining('for 5s')]);
    expect(await send()).toBe(5_000);
  });

  it('reads headers with surrounding spaces', async () => {
    const { pacer, send } = setup();
    pacer.observe(429, { 'retry-after': ' 2 ' });
    expect(await send()).toBe(2_000);
    const reset = Math.ceil(START / 1000) + 60;
    pacer.observe(200, { 'ratelimit-remaining': ' 10 ', 'ratelimit-reset': ` ${reset} ` });
    expect(await send()).toBe(reset * 1000 - START);
  });

  it('a spent hourly quota extends a shorter 429 pause to ratelimit-reset', async () => {
    const { pacer, send } = setup();
    pacer.observe(429, { 'retry-after': '2' });
    const reset = Math.ceil(START / 1000) + 90;
    pacer.observe(200, { 'ratelimit-limit': '5000', 'ratelimit-remaining': '100', 'ratelimit-reset': String(reset) });
    expect(await send()).toBe(reset * 1000 - START);
  });

  it('a spent hourly quota that resets sooner does not shorten a 429 pause', async () => {
    const { pacer, send } = setup();
    pacer.observe(429, { 'retry-after': '60' });
    pacer.observe(200, { 'ratelimit-limit': '5000', 'ratelimit-remaining': '100', 'ratelimit-reset': String(Math.ceil(START / 1000) + 10) });
    expect(await send()).toBe(60_000);
  });

  it('needs both ratelimit-remaining and ratelimit-reset to wait for the hourly quota', async () => {
    const { pacer, send } = setup();
    pacer.observe(200, { 'ratelimit-remaining': '0' });
    pacer.observe(200, { 'ratelimit-reset': String(Math.ceil(START / 1000) + 60) });
    expect(await send()).toBe(0);
    expect(await send()).toBe(240);
  });

  it('estimates other clients only from answers with both counters: a count without its limit changes nothing', async () => {
    const env = paced();
    for (let i = 0; i < 30; i++) {
      const t = await env.send();
      env.pacer.observe(200, { 'ratelimit-remaining': String(5000 - 100 - Math.floor(t / 10)), 'ratelimit-reset': '0' });
      env.pacer.observe(200, { 'ratelimit-limit': '5000', 'ratelimit-reset': '0' });
    }
    expect(await gapAfter(env)).toBe(240);
    expect(env.logs).toEqual([]);
  });

  it('does not count a 429 answer in the estimate', async () => {
    const env = paced();
    await run(env, 20, (_t, ours) => ours);
    // The server's count jumps by 300 on a 429 (no retry-after): not a rate to leave room for.
    env.pacer.observe(429, { 'ratelimit-limit': '5000', 'ratelimit-remaining': String(5000 - env.ours - 300), 'ratelimit-reset': '0' });
    expect(await gapAfter(env)).toBe(240);
    expect(env.logs).toEqual([]);
  });

  it('trusts the estimate only after 3 seconds of history', async () => {
    const env = paced();
    // Within the first 3 s (12 requests 240 ms apart, the last at 2.64 s) others' requests are not yet a rate.
    await run(env, 12, (t, ours) => ours + (t > 0 ? 40 : 0));
    expect(env.logs).toEqual([]);
    expect(await gapAfter(env)).toBe(240);
  });

  it('looks back one minute only: when the others stop, full speed is back within a minute', async () => {
    const env = paced();
    let others = 0;
    // Two minutes in which another client sends 100 requests a minute...
    const busy = await run(env, 600, (t, ours) => ours + (others = Math.floor((Math.min(t, 120_000) * 100) / 60_000)));
    expect(busy.at(-1)).toBeGreaterThan(120_000);
    expect(env.logs).toHaveLength(1);
    // ...then only ours for 70 s.
    const stopped = env.clock.now() - START;
    for (;;) {
      const [t] = await run(env, 1, (_t, ours) => ours + others);
      if (t! > stopped + 70_000) break;
    }
    expect(await gapAfter(env)).toBe(240);
  });

  it('after a pause of minutes, measures from the last answer before it', async () => {
    const env = paced();
    let others = 0;
    await run(env, 100, (t, ours) => ours + (others = Math.floor((t * 100) / 60_000)));
    expect(await gapAfter(env)).toBeGreaterThan(400);
    // Two idle minutes in which nobody sends anything, then one request: others' rate was 0 since.
    env.clock.t += 120_000;
    await run(env, 1, (_t, ours) => ours + others);
    expect(await gapAfter(env)).toBe(240);
  });
});

describe('pacer: hooked into the transport', () => {
  it('paces every attempt, retries included, and pauses every caller on a 429 it sees', async () => {
    const fake = await FakeDigitalOcean.start({ rateLimit: false });
    const { clock, logs, pacer } = setup();
    const sent: number[] = [];
    const hooks = pacer.hooks();
    const transport = new Transport({
      baseUrl: fake.url,
      token: fake.token,
      clock,
      log: () => undefined,
      beforeSend: async () => {
        await hooks.beforeSend!();
        sent.push(clock.now() - START);
      },
      onResponse: hooks.onResponse,
    });
    try {
      fake.inject({ method: 'GET', status: 429, headers: { 'retry-after': '3' } });
      await transport.request('GET', '/v2/functions/namespaces');
      await transport.request('GET', '/v2/functions/namespaces');
    } finally {
      transport.dispose();
      await fake.close();
    }
    expect(logs).toEqual(['Rate limited (another client may share the token): pausing all requests for 3s.']);
    // The retry waits out retry-after (3 s and jitter); the next request keeps its distance from it.
    expect(sent).toEqual([0, 3_125, 3_365]);
  });
});
