import { registerFundsRoutes } from '../funds';
import { modelsSubjectDataHook, registerModelsRoutes } from '../models';
import { registerNetworkCapabilityRoutes } from '../network';
import { registerCatalogRoutes } from '../offers';
import { registerTelemetryRoutes, telemetrySubjectDataHook } from '../telemetry';
import { registerComplianceRoutes } from '../compliance';
import type { Config } from '../config';
import { deliverySubjectData, registerDeliveryRoutes } from '../delivery';
import { createReleaseRoutes, hmiRepositoryAt, releasesSubjectData, webhookKeysFromEnv } from '../releases';
import type { SubjectDataHook } from '../identity';
import type { RouteModule } from './create-app';
import { optimizerSubjectData, registerOptimizerRoutes } from '../optimizer';
import { registerPortalRoutes } from '../portal';

/**
 * The capabilities plugged into the app, by hand (STYLE.md §5): each adds its
 * routes here with one line. A capability's tables come from its own
 * `src/<capability>/migrations/` folder, numbered in its range:
 *
 * | range     | capability                    |
 * |-----------|-------------------------------|
 * | 0001–0099 | core (src/store/migrations)   |
 * | 0100–0199 | telemetry, v2x                |
 * | 0200–0299 | compliance                    |
 * | 0300–0399 | network, offers, funds        |
 * | 0400–0499 | models, measurement           |
 * | 0500–0599 | optimizer                     |
 * | 0600–0699 | releases                      |
 * | 0700–0799 | delivery                      |
 * | 0800–0899 | identity, tenants, audit      |
 */
export const capabilityRoutes: RouteModule[] = [
  registerComplianceRoutes,
  registerNetworkCapabilityRoutes,
  registerCatalogRoutes,
  registerFundsRoutes,
  registerTelemetryRoutes,
  registerDeliveryRoutes,
  registerModelsRoutes,
  registerOptimizerRoutes,
  registerPortalRoutes,
];

/** Every capability's routes for a configuration: the static list plus those built from settings. */
export function capabilityRoutesFor(config: Pick<Config, 'releaseWebhookHmacSecrets' | 'releaseWebhookEd25519PublicKey'> & Partial<Pick<Config, 'hmiRepositoryDir' | 'hmiKeyDir'>>): RouteModule[] {
  return [
    ...capabilityRoutes,
    createReleaseRoutes({
      webhookKeys: webhookKeysFromEnv({ RELEASE_WEBHOOK_HMAC_SECRETS: config.releaseWebhookHmacSecrets, RELEASE_WEBHOOK_ED25519_PUBLIC_KEY: config.releaseWebhookEd25519PublicKey }),
      ...(config.hmiRepositoryDir && config.hmiKeyDir ? { hmi: hmiRepositoryAt({ repoDir: config.hmiRepositoryDir, keyDir: config.hmiKeyDir }) } : {}),
    }),
  ];
}

/**
 * Capabilities that hold personal data, and how each exports and erases it.
 * Access and erasure requests run every hook (identity-routes.ts).
 */
export const subjectDataHooks: SubjectDataHook[] = [deliverySubjectData, telemetrySubjectDataHook, modelsSubjectDataHook, optimizerSubjectData, releasesSubjectData];
