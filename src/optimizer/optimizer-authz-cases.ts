import type { RouteCase } from '../../tests/authz/route-case';
import type { Store } from '../store';

/** A stored plan made at the OEM node (visible to every seat with plan.run: oem and nsc-us are above or at it). */
export const MATRIX_PLAN_ID = 'pln-00000000000000000000a7a7';

/** Optimizer routes in the authorisation matrix (tests/authz). */
export const optimizerAuthzCases: RouteCase[] = [
  { method: 'POST', route: '/api/v1/plans', permission: 'plan.run', object: 'none', url: () => '/api/v1/plans', body: () => ({ market: 'US', mode: 'scale', maxDecisions: 5 }) },
  { method: 'GET', route: '/api/v1/plans/:id', permission: 'plan.run', object: 'none', url: () => `/api/v1/plans/${MATRIX_PLAN_ID}` },
  { method: 'POST', route: '/api/v1/plans/:id/deliver', permission: 'delivery.send', object: 'none', url: () => `/api/v1/plans/${MATRIX_PLAN_ID}/deliver`, body: () => ({ dryRun: true }) },
  { method: 'POST', route: '/api/v1/spend-plans', permission: 'plan.run', object: 'none', url: () => '/api/v1/spend-plans', body: () => ({ market: 'US', budget: 10_000, whatIf: ['budget+10', 'close:dlr-a'] }) },
];

/** The plan the read and deliver cases use: one decision (own-1, the fixture brake offer, e-mail, dlr-a). */
export async function optimizerAuthzSetup(store: Store): Promise<void> {
  const plan = { mode: 'scale', value: 1, bound: 1, gap: 0, iterations: 1, assigned: 1, constraints: [], holdouts: [], decisions: [], build: null };
  await store.db.query(
    `INSERT INTO optimizer_plans (id, owner_path, market, mode, created_at, plan, assignments) VALUES ($1, '/oem/nsc-us/', 'US', 'scale', '2026-04-01T09:00:00Z', $2::jsonb, $3::jsonb)`,
    [MATRIX_PLAN_ID, JSON.stringify(plan), JSON.stringify([{ customer: 'own-1', offer: 'off-brakes', channel: 'email', dealer: 'dlr-a', value: 1 }])]);
}
