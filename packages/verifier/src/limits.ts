/** Size and count limits (THREATS.md §2.4, §2.6 defaults). */
export interface VerifierLimits {
  readonly rootMaxBytes: number;
  readonly timestampMaxBytes: number;
  readonly snapshotMaxBytes: number;
  readonly targetsMaxBytes: number;
  readonly placementMaxBytes: number;
  readonly itemMaxBytes: number;
  readonly imageMaxBytes: number;
  readonly maxRootRotations: number;
  readonly maxDelegations: number;
  readonly maxEagerRoles: number;
  readonly maxPlacementEntries: number;
  readonly maxTargetsPerRole: number;
}

export const defaultLimits: VerifierLimits = {
  rootMaxBytes: 64 * 1024,
  timestampMaxBytes: 16 * 1024,
  snapshotMaxBytes: 256 * 1024,
  targetsMaxBytes: 512 * 1024,
  placementMaxBytes: 64 * 1024,
  itemMaxBytes: 16 * 1024,
  imageMaxBytes: 512 * 1024,
  maxRootRotations: 32,
  maxDelegations: 32,
  maxEagerRoles: 64,
  maxPlacementEntries: 20,
  maxTargetsPerRole: 2_000,
};
