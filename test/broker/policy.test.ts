// The broker's policy: what parses, what refuses to start, and the table of what each condition allows and denies.
import { describe, expect, it } from 'vitest';
import { type Claims, ConfigError, describeCaller, glob, grants, matchingRules, parsePolicy } from '../../src/broker/policy.js';

const PUSH: Claims = {
  repository: 'acme/widgets',
  repository_id: '100200300',
  repository_owner_id: '4000',
  ref: 'refs/heads/main',
  event_name: 'push',
  workflow_ref: 'acme/widgets/.github/workflows/deploy.yml@refs/heads/main',
  job_workflow_ref: 'acme/platform/.github/workflows/deploy.yml@refs/tags/v2',
  run_id: '4242',
  run_attempt: '1',
};

const policyOf = (...rules: object[]) => parsePolicy(JSON.stringify({ rules }));
const rule = (extra: object = {}) => ({ namespaces: ['widgets-prod'], repository_id: '100200300', ...extra });
const allows = (conditions: object, claims: Claims) => matchingRules(policyOf(rule(conditions)), claims).length === 1;

describe('parsePolicy', () => {
  it('reads rules with their defaults: a name from the position, 1h, IDs in lower case', () => {
    const { rules } = policyOf(rule({ namespaces: ['FN-ABC', 'widgets-prod'] }), rule({ name: 'deploy', max_expiration: '12h' }));
    expect(rules.map(({ name, namespaces, maxExpiration, maxHours }) => ({ name, namespaces, maxExpiration, maxHours }))).toEqual([
      { name: 'rule 1', namespaces: ['fn-abc', 'widgets-prod'], maxExpiration: '1h', maxHours: 1 },
      { name: 'deploy', namespaces: ['widgets-prod'], maxExpiration: '12h', maxHours: 12 },
    ]);
    expect(rules[0]!.conditions.map((c) => [c.claim, c.values])).toEqual([['repository_id', ['100200300']]]);
  });

  it('takes IDs as JSON numbers too, and lists for every condition', () => {
    const { rules } = policyOf({ namespaces: 'widgets-prod', repository_id: [100200300, '5'], repository_owner_id: 4000, event_name: ['push'] });
    expect(rules[0]!.namespaces).toEqual(['widgets-prod']);
    expect(rules[0]!.conditions.map((c) => [c.claim, c.values])).toEqual([
      ['repository_id', ['100200300', '5']],
      ['repository_owner_id', ['4000']],
      ['event_name', ['push']],
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{rules', /^BROKER_POLICY is not JSON \(/],
    ['not an object', '[]', /non-empty `rules` array and nothing else/],
    ['no rules', '{"rules": []}', /non-empty `rules` array/],
    ['rules not a list', '{"rules": {}}', /non-empty `rules` array/],
    ['something besides rules', '{"rules": [{"namespaces": ["a"], "repository_id": "1"}], "default": "allow"}', /and nothing else/],
    ['a rule that is not an object', '{"rules": ["allow"]}', /^BROKER_POLICY rule 1: is not an object\.$/],
    ['an unknown condition (a typo must not widen a rule)', '{"rules": [{"namespaces": ["a"], "repository_id": "1", "refs": "main"}]}', /rule 1: unknown `refs` \(known: name, namespaces/],
    ['an empty name', '{"rules": [{"name": "", "namespaces": ["a"], "repository_id": "1"}]}', /rule 1: `name` must be a non-empty string/],
    ['no namespaces', '{"rules": [{"repository_id": "1"}]}', /`namespaces` must be a non-empty list/],
    ['empty namespaces', '{"rules": [{"namespaces": [], "repository_id": "1"}]}', /`namespaces` must be a non-empty list/],
    ['every namespace', '{"rules": [{"namespaces": ["*"], "repository_id": "1"}]}', /without `\*`/],
    ['a namespace that is not a string', '{"rules": [{"namespaces": [7], "repository_id": "1"}]}', /`namespaces` must be/],
    ['a day-long key', '{"rules": [{"namespaces": ["a"], "repository_id": "1", "max_expiration": "1d"}]}', /`max_expiration` must be `<int>h` from 1h to 12h/],
    ['13h', '{"rules": [{"namespaces": ["a"], "repository_id": "1", "max_expiration": "13h"}]}', /`max_expiration`/],
    ['a number of hours', '{"rules": [{"namespaces": ["a"], "repository_id": "1", "max_expiration": 1}]}', /`max_expiration`/],
    ['an empty condition', '{"rules": [{"namespaces": ["a"], "repository_id": "1", "ref": ""}]}', /rule 1: `ref` must be a string or a non-empty list of strings/],
    ['an empty list', '{"rules": [{"namespaces": ["a"], "repository_id": []}]}', /`repository_id` must be/],
    ['a number where only IDs may be one', '{"rules": [{"namespaces": ["a"], "repository_id": "1", "ref": 5}]}', /`ref` must be/],
    ['a fractional ID', '{"rules": [{"namespaces": ["a"], "repository_id": 1.5}]}', /`repository_id` must be/],
    ['a rule for every repository', '{"rules": [{"namespaces": ["a"], "ref": "refs/heads/main"}]}', /rule 1: it matches every repository: name `repository_id` \(best\)/],
    ['a later rule for every repository', '{"rules": [{"namespaces": ["a"], "repository": "a/b"}, {"namespaces": ["a"], "event_name": "push"}]}', /^BROKER_POLICY rule 2: it matches every repository/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parsePolicy(text)).toThrow(ConfigError);
    expect(() => parsePolicy(text)).toThrow(message);
  });
});

describe('matchingRules: each condition allows its value and denies others', () => {
  it.each<[string, object, Claims, boolean]>([
    ['repository_id equal', {}, PUSH, true],
    ['repository_id of a re-created repository', {}, { ...PUSH, repository_id: '999' }, false],
    ['repository_id in a list', { repository_id: ['1', '100200300'] }, PUSH, true],
    ['repository_owner_id', { repository_id: undefined, repository_owner_id: '4000' }, PUSH, true],
    ['repository_owner_id of another owner', { repository_id: undefined, repository_owner_id: '4000' }, { ...PUSH, repository_owner_id: '5000' }, false],
    ['repository, any case', { repository_id: undefined, repository: 'Acme/Widgets' }, PUSH, true],
    ['repository of another name', { repository_id: undefined, repository: 'acme/widgets-fork' }, PUSH, false],
    ['ref exact', { ref: 'refs/heads/main' }, PUSH, true],
    ['ref of another branch', { ref: 'refs/heads/main' }, { ...PUSH, ref: 'refs/heads/dev' }, false],
    ['ref glob within a segment', { ref: 'refs/heads/release-*' }, { ...PUSH, ref: 'refs/heads/release-2' }, true],
    ['ref glob never crosses /', { ref: 'refs/heads/*' }, { ...PUSH, ref: 'refs/heads/evil/main' }, false],
    ['ref ** crosses /', { ref: 'refs/heads/**' }, { ...PUSH, ref: 'refs/heads/team/feature' }, true],
    ['ref of a tag', { ref: 'refs/tags/v*' }, { ...PUSH, ref: 'refs/tags/v1.2.0' }, true],
    ['ref of a pull request', { ref: 'refs/heads/main' }, { ...PUSH, ref: 'refs/pull/7/merge', event_name: 'pull_request' }, false],
    ['environment', { environment: 'production' }, { ...PUSH, environment: 'production' }, true],
    ['environment of another name', { environment: 'production' }, { ...PUSH, environment: 'staging' }, false],
    ['environment when the job has none', { environment: 'production' }, PUSH, false],
    ['event_name', { event_name: ['push', 'workflow_dispatch'] }, { ...PUSH, event_name: 'workflow_dispatch' }, true],
    ['event_name of another event', { event_name: 'push' }, { ...PUSH, event_name: 'schedule' }, false],
    ['workflow_ref', { workflow_ref: 'acme/widgets/.github/workflows/deploy.yml@refs/heads/main' }, PUSH, true],
    ['workflow_ref of another workflow', { workflow_ref: 'acme/widgets/.github/workflows/deploy.yml@*' }, { ...PUSH, workflow_ref: 'acme/widgets/.github/workflows/ci.yml@refs/heads/main' }, false],
    ['job_workflow_ref (a reusable workflow)', { job_workflow_ref: 'acme/platform/.github/workflows/deploy.yml@refs/tags/v*' }, PUSH, true],
    ['job_workflow_ref of another repository', { job_workflow_ref: 'acme/platform/.github/workflows/deploy.yml@refs/tags/v*' }, { ...PUSH, job_workflow_ref: 'evil/platform/.github/workflows/deploy.yml@refs/tags/v2' }, false],
    ['a claim the token lacks', { job_workflow_ref: '**' }, { ...PUSH, job_workflow_ref: undefined }, false],
    ['all conditions, one unmet', { ref: 'refs/heads/main', event_name: 'push', environment: 'production' }, PUSH, false],
  ])('%s', (_, conditions, claims, allowed) => {
    expect(allows(conditions, claims)).toBe(allowed);
  });

  it.each(['pull_request_target', 'issue_comment', 'workflow_run'])('matches %s only when event_name names it', (event) => {
    const outsider = { ...PUSH, event_name: event };
    expect(allows({ ref: 'refs/heads/main' }, outsider)).toBe(false);
    expect(allows({ event_name: ['push', `${event}-not`] }, outsider)).toBe(false);
    expect(allows({ event_name: ['push', event] }, outsider)).toBe(true);
  });

  it('keeps policy order, and leaves out rules that do not match', () => {
    const policy = policyOf(rule({ name: 'a' }), rule({ name: 'b', ref: 'refs/heads/dev' }), rule({ name: 'c' }));
    expect(matchingRules(policy, PUSH).map((r) => r.name)).toEqual(['a', 'c']);
  });
});

describe('glob', () => {
  it.each<[string, string, boolean]>([
    ['refs/heads/main', 'refs/heads/main', true],
    ['refs/heads/main', 'refs/heads/main2', false],
    ['refs/heads/main', 'x/refs/heads/main', false],
    ['refs/*/main', 'refs/heads/main', true],
    ['refs/*/main', 'refs/a/b/main', false],
    ['refs/**/main', 'refs/a/b/main', true],
    ['v1.*', 'v1.2', true],
    ['v1.*', 'v1x2', false],
    ['a+b?', 'a+b?', true],
    ['a+b?', 'aab', false],
    ['(x)|[y]^$\\{z}', '(x)|[y]^$\\{z}', true],
  ])('%s against %s: %s', (pattern, value, expected) => {
    expect(glob(pattern).test(value)).toBe(expected);
  });
});

describe('grants', () => {
  const [r] = policyOf(rule({ namespaces: ['fn-11111111-2222-3333-4444-555555555555', 'staging'] })).rules;
  it.each<[string, string, boolean]>([
    ['FN-11111111-2222-3333-4444-555555555555', 'prod', true],
    ['fn-99999999-2222-3333-4444-555555555555', 'staging', true],
    ['fn-99999999-2222-3333-4444-555555555555', 'Staging', false],
    ['fn-99999999-2222-3333-4444-555555555555', 'prod', false],
  ])('namespace %s labelled %s: %s', (namespace, label, expected) => {
    expect(grants(r!, { namespace, label })).toBe(expected);
  });
});

it('describeCaller names the repository, its ID, the ref, the event and any environment', () => {
  expect(describeCaller(PUSH)).toBe('repository acme/widgets (id 100200300) on ref refs/heads/main, event push');
  expect(describeCaller({ ...PUSH, environment: 'prod' })).toBe('repository acme/widgets (id 100200300) on ref refs/heads/main, event push, environment prod');
});
