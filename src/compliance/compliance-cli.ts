import { createInterface } from 'node:readline';
import { checkMessage, defaultRuleRegistry, type RuleRegistry } from './check-message';
import { ComplianceInput } from './compliance-input';

export interface CheckStreamSummary {
  readonly checked: number;
  readonly compliant: number;
  readonly blocked: number;
  readonly invalid: number;
}

function write(output: NodeJS.WritableStream, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = output.write(`${line}\n`, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else output.once('drain', resolve);
  });
}

/**
 * JSONL in (one ComplianceInput per line, blank lines skipped), one verdict per line
 * out: `{ line, id?, compliant, violations, rulesVersion }`, or
 * `{ line, error: { code: 'INVALID_INPUT', message } }` for a line that does not parse.
 * Never throws on bad input. `forecourt check` hangs this on a file or stdin.
 */
export async function runCheckStream(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, registry: RuleRegistry = defaultRuleRegistry): Promise<CheckStreamSummary> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let checked = 0;
  let compliant = 0;
  let blocked = 0;
  let invalid = 0;
  for await (const raw of rl) {
    line++;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      invalid++;
      await write(output, JSON.stringify({ line, error: { code: 'INVALID_INPUT', message: `not JSON: ${(e as Error).message}` } }));
      continue;
    }
    const parsed = ComplianceInput.safeParse(json);
    if (!parsed.success) {
      invalid++;
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      await write(output, JSON.stringify({ line, error: { code: 'INVALID_INPUT', message } }));
      continue;
    }
    const verdict = checkMessage(parsed.data, registry);
    checked++;
    if (verdict.compliant) compliant++;
    else blocked++;
    await write(output, JSON.stringify({ line, ...verdict }));
  }
  return { checked, compliant, blocked, invalid };
}
