export { permissions, Permission, roles, Role, roleTable, roleAllows, roleFitsNode } from './roles';
export { can, scopeOf, type Principal } from './principal';
export { canonicalEmail, hashPassword, newToken, sha256, verifyPassword } from './secrets';
export { auditHash, canonicalJson, genesisHash, verifyAuditChain, type AuditEntry } from './audit';
export { identityStore, sessionTtlMs, type IdentityStore } from './identity-store';
export { verifySsoToken, type SsoClaims, type SsoConfig } from './sso';
export { createLoginThrottle, type LoginThrottle } from './login-throttle';
export { findLeftovers, pseudonym, subjectRights, type SubjectDataHook, type SubjectRights } from './subject-rights-store';
export { requestScope } from './request-scope';
