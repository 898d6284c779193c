import { z } from 'zod';
import { ConsentPurpose } from '../domain';

/**
 * Model registry as pure data: every trained model is a version with its training
 * data window, features, hyper-parameters, metrics and the consent purposes its
 * inputs need. Storage is elsewhere; these functions return new registries.
 */
export const ModelKind = z.enum(['uplift', 'clv', 'need', 'bandit', 'propensity']);
export type ModelKind = z.infer<typeof ModelKind>;

export const ModelVersionInput = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}$/),
  kind: ModelKind,
  method: z.string().min(1).max(100),
  trainingWindow: z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() }).refine((w) => w.from <= w.to, 'window ends before it starts'),
  trainingRows: z.int().min(0),
  /** Where the training data came from (table, file, hash). */
  dataSource: z.string().min(1).max(500),
  features: z.array(z.string().min(1)).min(1),
  hyperParameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  metrics: z.record(z.string(), z.number()),
  /** Consent purposes every input feature depends on; the model may only score owners who gave all of them. */
  consent: z.array(ConsentPurpose),
});
export type ModelVersionInput = z.input<typeof ModelVersionInput>;

export const ModelVersion = ModelVersionInput.safeExtend({
  version: z.int().min(1),
  id: z.string(),
  registeredAt: z.iso.datetime(),
  status: z.enum(['candidate', 'live', 'retired']),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export interface ModelRegistry {
  readonly versions: readonly ModelVersion[];
}

export const emptyRegistry: ModelRegistry = { versions: [] };

export function registerModel(registry: ModelRegistry, input: ModelVersionInput, now: Date): { registry: ModelRegistry; model: ModelVersion } {
  const parsed = ModelVersionInput.parse(input);
  const version = 1 + registry.versions.filter((v) => v.name === parsed.name).reduce((m, v) => Math.max(m, v.version), 0);
  const model = ModelVersion.parse({ ...parsed, version, id: `${parsed.name}@${version}`, registeredAt: now.toISOString(), status: 'candidate' });
  return { registry: { versions: [...registry.versions, model] }, model };
}

/** Make one version live; the previous live version of that name is retired. */
export function promoteModel(registry: ModelRegistry, id: string): ModelRegistry {
  const target = registry.versions.find((v) => v.id === id);
  if (!target) throw new RangeError(`no model ${id}`);
  return {
    versions: registry.versions.map((v) => {
      if (v.id === id) return { ...v, status: 'live' as const };
      if (v.name === target.name && v.status === 'live') return { ...v, status: 'retired' as const };
      return v;
    }),
  };
}

export function liveModel(registry: ModelRegistry, name: string): ModelVersion | undefined {
  return registry.versions.find((v) => v.name === name && v.status === 'live');
}

/** May this model score an owner with these consents? Returns the missing purposes as reasons. */
export function modelMayUse(model: ModelVersion, granted: readonly ConsentPurpose[]): { allowed: boolean; missing: ConsentPurpose[] } {
  const missing = model.consent.filter((p) => !granted.includes(p));
  return { allowed: missing.length === 0, missing };
}

/** One decision as logged: which model version decided, what it chose and with what probability. */
export const DecisionLogRecord = z.strictObject({
  decisionId: z.string().min(1),
  at: z.iso.datetime(),
  ownerId: z.string().min(1),
  /** `name@version` of every model that contributed (uplift, CLV, bandit …). */
  modelVersions: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}@\d+$/)).min(1),
  /** Offer id, creative or channel chosen; 'none' when nothing was sent. */
  action: z.string().min(1),
  /** Probability with which `action` was chosen (1 for a deterministic choice). */
  propensity: z.number().gt(0).max(1),
  holdout: z.boolean(),
  scores: z.record(z.string(), z.number()),
  reasons: z.array(z.string()),
  /** The stored plan that made this decision (optimizer path), if any. */
  planId: z.string().min(1).max(200).optional(),
  /** The campaign / holdout experiment the decision belongs to, if any. */
  campaignId: z.string().min(1).max(200).optional(),
});
export type DecisionLogRecord = z.infer<typeof DecisionLogRecord>;
