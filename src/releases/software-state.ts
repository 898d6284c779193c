import { z } from 'zod';
import { SemVer } from '../domain';
import type { UpdateReport } from './release-schemas';

export const UpdateStatus = z.enum(['pending', 'installed', 'failed', 'rolled_back']);
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const UpdateRecord = z.strictObject({
  version: SemVer,
  fromVersion: SemVer,
  status: UpdateStatus,
  at: z.iso.datetime(),
  /** Installation attempts (pending or direct installed reports) for this version. */
  attempts: z.int().min(1),
});
export type UpdateRecord = z.infer<typeof UpdateRecord>;

/** Software state of one vehicle: what it runs now and how each update went. */
export const VehicleSoftwareState = z.strictObject({
  vin: z.string(),
  currentVersion: SemVer,
  updatedAt: z.iso.datetime().nullable(),
  updates: z.record(z.string(), UpdateRecord),
});
export type VehicleSoftwareState = z.infer<typeof VehicleSoftwareState>;

/**
 * Allowed transitions of one update. `none` is an update never reported before.
 * A failed or rolled-back update may be retried; an installed one can only roll back.
 */
export const updateTransitions: Readonly<Record<UpdateStatus | 'none', readonly UpdateStatus[]>> = {
  none: ['pending', 'installed', 'failed'],
  pending: ['installed', 'failed'],
  installed: ['rolled_back'],
  failed: ['pending', 'installed'],
  rolled_back: ['pending', 'installed'],
};

export type UpdateOutcome =
  | { applied: true; state: VehicleSoftwareState; reason: string }
  | { applied: false; state: VehicleSoftwareState; reason: 'stale_report' | 'duplicate_report' | 'invalid_transition' | 'wrong_vehicle'; detail: string };

export function initialSoftwareState(vin: string, currentVersion: string): VehicleSoftwareState {
  return { vin, currentVersion, updatedAt: null, updates: {} };
}

/** Applies one update report; never mutates its input. Rejected reports leave the state unchanged. */
export function applyUpdateReport(state: VehicleSoftwareState, report: UpdateReport): UpdateOutcome {
  if (report.vin !== state.vin) return { applied: false, state, reason: 'wrong_vehicle', detail: `report for ${report.vin} applied to ${state.vin}` };
  const prev = state.updates[report.version];
  const from: UpdateStatus | 'none' = prev?.status ?? 'none';
  if (prev && report.at < prev.at) return { applied: false, state, reason: 'stale_report', detail: `report at ${report.at} is older than the ${prev.status} report at ${prev.at}` };
  if (prev && prev.status === report.status) return { applied: false, state, reason: 'duplicate_report', detail: `${report.version} is already ${prev.status}` };
  if (!updateTransitions[from].includes(report.status)) {
    return { applied: false, state, reason: 'invalid_transition', detail: `${report.version}: ${from} → ${report.status} is not allowed` };
  }
  const startsAttempt = report.status === 'pending' || (report.status === 'installed' && from !== 'pending') || (report.status === 'failed' && from === 'none');
  const record: UpdateRecord = {
    version: report.version,
    fromVersion: report.fromVersion,
    status: report.status,
    at: report.at,
    attempts: (prev?.attempts ?? 0) + (startsAttempt ? 1 : 0) || 1,
  };
  let currentVersion = state.currentVersion;
  if (report.status === 'installed') currentVersion = report.version;
  if (report.status === 'rolled_back' && currentVersion === report.version) currentVersion = report.fromVersion;
  return {
    applied: true,
    state: { vin: state.vin, currentVersion, updatedAt: report.at, updates: { ...state.updates, [report.version]: record } },
    reason: `${report.version}: ${from} → ${report.status}; runs ${currentVersion}`,
  };
}
