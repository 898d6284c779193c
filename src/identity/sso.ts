import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { z } from 'zod';

export interface SsoConfig {
  issuer: string;
  audience: string;
  /** The identity provider's public keys (fetched and pinned by the operator). */
  jwks: JSONWebKeySet;
}

const Claims = z.object({
  email: z.email(),
  forecourt_node: z.string().min(1),
  forecourt_role: z.string().min(1),
});
export type SsoClaims = z.infer<typeof Claims>;

/**
 * Verifies an OIDC/JWT bearer token against pinned keys: asymmetric
 * algorithms only (no `none`, no HS256 confusion with a public key), issuer,
 * audience, expiry and not-before with 30 s tolerance. `kid`/`jku` in the header
 * never make us fetch anything (THREATS.md AZ-14).
 */
export async function verifySsoToken(token: string, config: SsoConfig, now: Date): Promise<SsoClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(config.jwks), {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ['RS256', 'ES256', 'EdDSA'],
      clockTolerance: 30,
      currentDate: now,
      requiredClaims: ['exp', 'iat'],
    });
    const claims = Claims.safeParse(payload);
    return claims.success ? claims.data : undefined;
  } catch {
    return undefined;
  }
}
