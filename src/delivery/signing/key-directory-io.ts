import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ForecourtError } from '../../kernel';
import type { RepositoryKeys } from './repository-builder';
import { createEd25519Signer, generateEd25519KeyPem, type Signer } from './signer';

const KEY_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface KeyDirectory {
  readonly dir: string;
  /** Loads `<name>.key`, generating it (mode 0600) on first use. */
  loadOrCreate(name: string): Signer;
  load(name: string): Signer;
  /** Loads `<name>.secret` (random bytes, e.g. the placement pseudonym key), generating it on first use. */
  loadOrCreateSecret(name: string, bytes?: number): Uint8Array;
}

/**
 * The embedded default key store: one PKCS#8 PEM file per key, in a directory
 * with mode 0700, each file 0600, created with O_EXCL and renamed into place.
 * Loading refuses a file readable by group or others. A deployment replaces
 * this with a KMS/HSM `Signer`; offline roles (root, targets, NSC) should never
 * live here in production (see README.md).
 */
export function openKeyDirectory(dir: string): KeyDirectory {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);

  const pathOf = (name: string): string => {
    if (!KEY_NAME.test(name)) throw new ForecourtError('CONFIG_INVALID', `invalid key name: ${name}`);
    return join(dir, `${name}.key`);
  };

  const readPrivate = (file: string): Buffer => {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new ForecourtError('CONFIG_INVALID', `key file ${file} has mode ${mode.toString(8)}; expected 0600`);
    }
    return readFileSync(file);
  };

  const load = (name: string): Signer => createEd25519Signer(readPrivate(pathOf(name)).toString('utf8'));

  const createFile = (file: string, content: string | Uint8Array): void => {
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  };
  const create = (name: string): void => createFile(pathOf(name), generateEd25519KeyPem());

  return {
    dir,
    load,
    loadOrCreate(name) {
      if (!existsSync(pathOf(name))) create(name);
      return load(name);
    },
    loadOrCreateSecret(name, bytes = 32) {
      const file = pathOf(name).replace(/\.key$/, '.secret');
      if (!existsSync(file)) createFile(file, randomBytes(bytes));
      const secret = readPrivate(file);
      if (secret.length < bytes) throw new ForecourtError('CONFIG_INVALID', `secret ${file} is shorter than ${bytes} bytes`);
      return new Uint8Array(secret);
    },
  };
}

/**
 * The repository keys of the embedded default from one key directory: root and targets
 * 2-of-3 (`root-1..3`, `targets-1..3`), one online key each for snapshot, timestamp and
 * placement. Created on first use, the same keys on every later open, so a repository
 * published by one process can be continued by the next (README.md: offline roles belong in
 * hardware in production).
 */
export function repositoryKeysFrom(dir: KeyDirectory): RepositoryKeys {
  const three = (role: string) => [1, 2, 3].map((i) => dir.loadOrCreate(`${role}-${i}`));
  return {
    root: { signers: three('root'), threshold: 2 },
    targets: { signers: three('targets'), threshold: 2 },
    nsc: {},
    snapshot: dir.loadOrCreate('snapshot'),
    timestamp: dir.loadOrCreate('timestamp'),
    placement: dir.loadOrCreate('placement'),
  };
}
