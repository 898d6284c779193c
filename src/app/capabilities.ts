import { registerTelemetryRoutes } from '../telemetry';
import type { Config } from '../config';
import { registerDeliveryRoutes } from '../delivery';
import { createReleaseRoutes, webhookKeysFromEnv } from '../releases';
import type { RouteModule } from './create-app';

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
  registerTelemetryRoutes,
  registerDeliveryRoutes,
];

/** Every capability's routes for a configuration: the static list plus those built from settings. */
export function capabilityRoutesFor(config: Pick<Config, 'releaseWebhookHmacSecrets' | 'releaseWebhookEd25519PublicKey'>): RouteModule[] {
  return [
    ...capabilityRoutes,
    createReleaseRoutes({
      webhookKeys: webhookKeysFromEnv({ RELEASE_WEBHOOK_HMAC_SECRETS: config.releaseWebhookHmacSecrets, RELEASE_WEBHOOK_ED25519_PUBLIC_KEY: config.releaseWebhookEd25519PublicKey }),
    }),
  ];
}
