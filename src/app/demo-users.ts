import { randomBytes } from 'node:crypto';
import type { IdentityStore, Role } from '../identity';
import { roles, roleTable } from '../identity';
import type { Store } from '../store';

export interface DemoUser {
  role: Role;
  email: string;
  password: string;
  nodeId: string;
}

/**
 * One user per role at a fitting node of the demo network, with a random
 * password each. Returned so that `serve` can write them to a 0600 file and
 * tests can log in; never created outside the demo seed.
 */
export async function createDemoUsers(store: Store, identity: IdentityStore): Promise<DemoUser[]> {
  const nodes = await store.network.listNodes({ kind: 'global' });
  const users: DemoUser[] = [];
  for (const role of roles) {
    const node = nodes.find((n) => roleTable[role].nodeKinds.includes(n.kind));
    if (!node) continue;
    const email = `${role.replace(/_/g, '.')}@demo.forecourt.example`;
    const password = randomBytes(12).toString('base64url');
    await identity.createUser({ email, displayName: `Demo ${role.replace(/_/g, ' ')}`, password, memberships: [{ nodeId: node.id, role }] });
    users.push({ role, email, password, nodeId: node.id });
  }
  return users;
}
