import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../kernel';
import { appendAuditEvent, verifyAuditChain, type AuditEvent } from './audit-chain';
import { checkMessage } from './check-message';
import { RegressionCase } from './compliance-input';
import { applyReviewAction, createReviewItem, toRegressionCase, type ReviewItem } from './review';

const t0 = new Date('2026-05-01T10:00:00Z');
const t1 = new Date('2026-05-01T10:05:00Z');
const blockedFr = {
  market: 'FR' as const,
  channel: 'email' as const,
  vehicle: { model: 'Castell C3', adasLevel: 1, certifiedFeatures: [] },
  consent: { telematicsMarketing: false, channelMarketing: true },
  text: 'Castell C3 : Classe CO₂ : B (110 g/km). Dès 19 990 €.',
};

function ok(r: ReturnType<typeof applyReviewAction>): ReviewItem {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.item;
}

describe('review workflow', () => {
  it('opens a blocked message with rule, evidence and suggested fix', () => {
    const item = createReviewItem('rv-1', blockedFr, 'gate', t0);
    expect(item.status).toBe('pending');
    const v = item.verdict.violations.find((x) => x.ruleId === 'ENV-FR-002');
    expect(v?.missing).toEqual(['mobility_message', 'mobility_hashtag']);
    expect(v?.suggestedFix).toMatch(/#SeDéplacerMoinsPolluer/);
    expect(item.audit).toHaveLength(1);
  });

  it('apply_fix appends the disclosure and re-checks', () => {
    const item = createReviewItem('rv-1', blockedFr, 'gate', t0);
    const fixed = ok(applyReviewAction(item, { type: 'apply_fix', ruleId: 'ENV-FR-002' }, 'alice', t1));
    expect(fixed.input.text).toMatch(/Pensez à covoiturer\. #SeDéplacerMoinsPolluer$/);
    expect(fixed.status).toBe('resolved');
    expect(checkMessage(fixed.input).compliant).toBe(true);
    expect(fixed.audit.map((e) => e.action)).toEqual(['opened', 'apply_fix']);
  });

  it('apply_fix removes a prohibited claim sentence', () => {
    const item = createReviewItem('rv-2', { ...blockedFr, market: 'UK', text: 'Meridian SafeSense: you will never crash again. Book a test drive.' }, 'gate', t0);
    const fixed = ok(applyReviewAction(item, { type: 'apply_fix', ruleId: 'SAFE-001' }, 'alice', t1));
    expect(fixed.input.text).toBe('Book a test drive.');
    expect(fixed.status).toBe('resolved');
  });

  it('edit re-checks the new text and stays pending if it still fails', () => {
    const item = createReviewItem('rv-3', blockedFr, 'gate', t0);
    const edited = ok(applyReviewAction(item, { type: 'edit', text: 'Castell C3 dès 19 990 €.' }, 'bob', t1));
    expect(edited.status).toBe('pending');
    expect(edited.verdict.violations.map((v) => v.ruleId)).toContain('ENV-FR-001');
  });

  it('approve requires a justification of minimum length; reject closes the item', () => {
    const item = createReviewItem('rv-4', blockedFr, 'gate', t0);
    const short = applyReviewAction(item, { type: 'approve_with_justification', justification: 'fine' }, 'carol', t1);
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.code).toBe('INVALID_ACTION');
    const approved = ok(applyReviewAction(item, { type: 'approve_with_justification', justification: 'Legal confirmed the mobility message is in the image.' }, 'carol', t1));
    expect(approved.status).toBe('approved_override');
    expect(approved.justification).toMatch(/Legal/);
    const again = applyReviewAction(approved, { type: 'reject', reason: 'changed my mind' }, 'carol', t1);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.code).toBe('ITEM_CLOSED');
    const rejected = ok(applyReviewAction(item, { type: 'reject', reason: 'Off-brand copy' }, 'dave', t1));
    expect(rejected.status).toBe('rejected');
    expect(applyReviewAction(item, { type: 'apply_fix', ruleId: 'ADAS-001' }, 'dave', t1)).toMatchObject({ ok: false, code: 'NO_SUCH_VIOLATION' });
    expect(applyReviewAction(item, { type: 'delete' }, 'dave', t1)).toMatchObject({ ok: false, code: 'INVALID_ACTION' });
  });

  it('keeps an append-only hash chain that detects tampering', () => {
    let item = createReviewItem('rv-5', blockedFr, 'gate', t0);
    item = ok(applyReviewAction(item, { type: 'edit', text: 'Castell C3 dès 19 990 €.' }, 'bob', t1));
    item = ok(applyReviewAction(item, { type: 'apply_fix', ruleId: 'ENV-FR-002' }, 'bob', t1));
    const chain = item.audit;
    expect(chain.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(chain[1]!.prevHash).toBe(chain[0]!.hash);
    expect(verifyAuditChain(chain)).toEqual({ valid: true, brokenAt: null });
    const tampered: AuditEvent[] = chain.map((e) => ({ ...e }));
    tampered[1] = { ...tampered[1]!, actor: 'mallory' };
    expect(verifyAuditChain(tampered)).toEqual({ valid: false, brokenAt: 1 });
    expect(verifyAuditChain(chain.slice(1))).toEqual({ valid: false, brokenAt: 0 });
    const extra = appendAuditEvent(chain, { itemId: 'rv-5', action: 'reject', actor: 'x', at: t1.toISOString(), fromStatus: 'pending', toStatus: 'rejected', detail: {} });
    expect(verifyAuditChain([...chain, extra]).valid).toBe(true);
  });

  it("turns a reviewer's finding into a regression case in the examples.jsonl format", () => {
    const item = createReviewItem('rv-6', blockedFr, 'gate', t0);
    const rc = toRegressionCase(item, ['ENV-FR-002', 'ENV-FR-002']);
    expect(rc.expected).toEqual({ violations: ['ENV-FR-002'], compliant: false });
    expect(rc.id).toBe('R-rv-6');
    const sample = JSON.parse(readFileSync(sharedDir('compliance', 'examples.jsonl'), 'utf8').split('\n')[0]!);
    expect(Object.keys(rc).sort()).toEqual(Object.keys(sample).sort());
    expect(RegressionCase.parse(JSON.parse(JSON.stringify(rc)))).toEqual(rc);
    expect(() => toRegressionCase(item, ['NOPE-001'])).toThrow(/unknown rule/);
  });
});
