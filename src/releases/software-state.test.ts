import { describe, expect, it } from 'vitest';
import { makeVin } from '../kernel';
import type { UpdateReport } from './release-schemas';
import { applyUpdateReport, initialSoftwareState, updateTransitions, type VehicleSoftwareState } from './software-state';

const vin = makeVin('1HL', 'VR2B5', 'T', 'A', 7);
const report = (status: UpdateReport['status'], at: string, version = '4.5.0', fromVersion = '4.2.0'): UpdateReport => ({ vin, version, fromVersion, status, at });

function run(...reports: UpdateReport[]): { state: VehicleSoftwareState; outcomes: string[] } {
  let state = initialSoftwareState(vin, '4.2.0');
  const outcomes: string[] = [];
  for (const r of reports) {
    const o = applyUpdateReport(state, r);
    outcomes.push(o.applied ? 'applied' : o.reason);
    state = o.state;
  }
  return { state, outcomes };
}

describe('vehicle software state machine', () => {
  it.each([
    ['pending then installed', ['pending', 'installed'], ['applied', 'applied'], 'installed', '4.5.0'],
    ['pending then failed', ['pending', 'failed'], ['applied', 'applied'], 'failed', '4.2.0'],
    ['installed then rolled back returns to the previous version', ['pending', 'installed', 'rolled_back'], ['applied', 'applied', 'applied'], 'rolled_back', '4.2.0'],
    ['failed then retried and installed', ['pending', 'failed', 'pending', 'installed'], ['applied', 'applied', 'applied', 'applied'], 'installed', '4.5.0'],
    ['installed without a pending report (missed report)', ['installed'], ['applied'], 'installed', '4.5.0'],
    ['rollback of an update never installed is refused', ['rolled_back'], ['invalid_transition'], undefined, '4.2.0'],
    ['failure after install is refused', ['pending', 'installed', 'failed'], ['applied', 'applied', 'invalid_transition'], 'installed', '4.5.0'],
    ['a repeated report is a duplicate', ['pending', 'pending'], ['applied', 'duplicate_report'], 'pending', '4.2.0'],
  ] as const)('%s', (_name, statuses, outcomes, finalStatus, version) => {
    const reports = statuses.map((s, i) => report(s, `2026-04-0${i + 1}T10:00:00.000Z`));
    const { state, outcomes: got } = run(...reports);
    expect(got).toEqual(outcomes);
    expect(state.updates['4.5.0']?.status).toBe(finalStatus);
    expect(state.currentVersion).toBe(version);
  });

  it('refuses a report older than the one it would replace, and leaves the state as it was', () => {
    const { state } = run(report('pending', '2026-04-02T10:00:00.000Z'));
    const o = applyUpdateReport(state, report('installed', '2026-04-01T10:00:00.000Z'));
    expect(o.applied).toBe(false);
    expect(o.applied ? null : o.reason).toBe('stale_report');
    expect(o.state).toBe(state);
  });

  it('counts attempts across retries and never mutates its input', () => {
    const { state } = run(report('pending', '2026-04-01T10:00:00.000Z'), report('failed', '2026-04-02T10:00:00.000Z'));
    const frozen = JSON.stringify(state);
    const o = applyUpdateReport(state, report('pending', '2026-04-03T10:00:00.000Z'));
    expect(JSON.stringify(state)).toBe(frozen);
    expect(o.state.updates['4.5.0']?.attempts).toBe(2);
  });

  it('refuses a report for another vehicle', () => {
    const other = { ...report('pending', '2026-04-01T10:00:00.000Z'), vin: makeVin('1HL', 'VR2B5', 'T', 'A', 8) };
    expect(applyUpdateReport(initialSoftwareState(vin, '4.2.0'), other).applied).toBe(false);
  });

  it('lets an installed update only roll back', () => {
    expect(updateTransitions.installed).toEqual(['rolled_back']);
  });
});
