// SARIF 2.1.0 for code scanning (`github/codeql-action/upload-sarif`): one run, a rule descriptor per rule from
// the rule table, one result per finding at its file, line and column relative to the repository root.
import { RULES, RULE_IDS, type Finding, type RuleId, type Severity } from './rules.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };
const INFORMATION_URI = 'https://github.com/acme/functions-access-key#migrate';

/** `doctl-connect-legacy` → `DoctlConnectLegacy`: the rule's name, as SARIF tools show it. */
function ruleName(id: RuleId): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

export function toSarif(findings: readonly Finding[], version: string): Record<string, unknown> {
  const rules = RULE_IDS.map((id) => {
    const rule = RULES[id];
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.means },
      help: { text: rule.fix, markdown: `${rule.means}\n\n**Fix:** ${rule.fix}` },
      helpUri: INFORMATION_URI,
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: {
        tags: rule.securitySeverity === undefined ? ['maintainability'] : ['security', 'secrets'],
        precision: 'high',
        ...(rule.securitySeverity === undefined ? {} : { 'security-severity': rule.securitySeverity.toFixed(1) }),
      },
    };
  });
  const results = findings.map((finding) => ({
    ruleId: finding.rule,
    ruleIndex: RULE_IDS.indexOf(finding.rule),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message} Fix: ${finding.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: finding.line, startColumn: finding.column },
        },
      },
    ],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'functions-access-key', semanticVersion: version, informationUri: INFORMATION_URI, rules } },
        automationDetails: { id: 'functions-access-key/migrate/' },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
