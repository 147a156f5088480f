// A sweep over many namespaces while another client uses the same token at 120 requests a minute: the pacer
// sees the other client in the server's hourly counter and leaves it room, so no request of either is refused.
// Real HTTP to the fake over loopback; the clock (the fake's and the action's) runs 5 times faster than real time.
// Not faster: real scheduling delays are multiplied by the scale, and at 40x (and at 10x beside other test files)
// a loaded machine's few-ms hiccups bunched requests into 429s. The pacer's rules are pinned with a virtual clock in pacer.test.ts; this is the
// integration check, so mutation runs leave it out (vitest.mutate.config.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { DigitalOceanClient } from '../../src/api/digitalocean.js';
import { DEFAULT_PACE, Pacer } from '../../src/api/pacer.js';
import { Transport } from '../../src/api/transport.js';
import { surveyKeys } from '../../src/audit/survey.js';
import { scaledClock } from '../fake/clock.js';
import { FakeDigitalOcean } from '../fake/server.js';

const SCALE = 5;

describe('pacing with a shared token', () => {
  let fake: FakeDigitalOcean | undefined;
  afterEach(async () => fake?.close());

  it('surveys 300 namespaces while another client sends 120 requests a minute, with no 429', { timeout: 60_000 }, async () => {
    const clock = scaledClock(SCALE);
    fake = await FakeDigitalOcean.start({ now: clock.now, rateLimit: { perMinute: 250, perHour: 5000 } });
    for (let i = 0; i < 300; i++) fake.addNamespace({ label: `team-${i}`, legacy: false });
    const server = fake;

    // The other client: one request every 500 ms of simulated time until the survey ends.
    let done = false;
    const other = (async () => {
      while (!done) {
        await fetch(`${server.url}/v2/functions/namespaces`, { headers: { authorization: `Bearer ${server.token}` } }).then((r) => r.arrayBuffer());
        await clock.sleep(500);
      }
    })();

    const logs: string[] = [];
    const pacer = new Pacer({ ...DEFAULT_PACE, clock, log: (m) => logs.push(m) });
    const transport = new Transport({
      baseUrl: fake.url,
      token: fake.token,
      clock,
      log: (m) => logs.push(m),
      ...pacer.hooks(),
    });
    const started = clock.now();
    try {
      const survey = await surveyKeys('*', new DigitalOceanClient(transport, () => undefined));
      expect(survey.namespaces.filter((ns) => ns.error)).toEqual([]);
      expect(survey.namespaces).toHaveLength(300);
    } finally {
      done = true;
      await other;
      transport.dispose();
    }
    const minutes = (clock.now() - started) / 60_000;
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(logs.some((m) => /^Other clients use this token too \(about \d+ requests a minute\)/.test(m))).toBe(true);
    // 301 of ours at what the other client leaves (~250 - 120, with margins): clearly slower than alone (1.2
    // minutes at 245 a minute, which would meet 429s), and not crawling either.
    expect(minutes).toBeGreaterThan(1.8);
    expect(minutes).toBeLessThan(4);
  });
});
