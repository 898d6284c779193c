import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDir } from '../../kernel';
import { testMessage } from '../delivery-fixture';
import { adfLead } from './adf-lead';

const dtd = join(sharedDir(), 'data/adf/adf.dtd');
const dir = mkdtempSync(join(tmpdir(), 'adf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function xmllint(xml: string): { ok: boolean; output: string } {
  const file = join(dir, `lead-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--dtdvalid', dtd, file], { stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (err) {
    return { ok: false, output: String((err as { stderr?: Buffer }).stderr ?? err) };
  }
}

describe('ADF 1.0 dealer lead', () => {
  const at = new Date('2026-04-01T10:00:00Z');

  it('is valid against the ADF DTD, with e-mail and phone, and carries the offer and its code', () => {
    const m = testMessage('dealer_crm');
    const xml = adfLead(m, at)!;
    expect(xmllint(xml)).toEqual({ ok: true, output: '' });
    expect(xml).toContain('<requestdate>2026-04-01T10:00:00+00:00</requestdate>');
    expect(xml).toContain(m.offer.redemptionCode);
    expect(xml).toContain('$159 instead of $199');
  });

  it('is valid with only a phone or only an e-mail, and escapes hostile names', () => {
    const m = testMessage('dealer_crm');
    for (const recipient of [{ ...m.recipient, email: null }, { ...m.recipient, phone: null, vin: null, vehicle: null, displayName: 'A <b>&</b> "x" ]]>' }]) {
      const xml = adfLead({ ...m, recipient }, at)!;
      expect(xmllint(xml), xml).toEqual({ ok: true, output: '' });
      expect(xml).not.toContain('<b>');
    }
  });

  it('the check can fail: a lead without a vehicle model is invalid', () => {
    const xml = adfLead(testMessage('dealer_crm'), at)!.replace(/<model>.*<\/model>/, '');
    expect(xmllint(xml).ok).toBe(false);
  });

  it('is refused without any contact (the DTD needs e-mail or phone)', () => {
    const m = testMessage('dealer_crm');
    expect(adfLead({ ...m, recipient: { ...m.recipient, email: null, phone: null } }, at)).toBeNull();
  });
});
