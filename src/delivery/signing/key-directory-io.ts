import { chmodSync, mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ForecourtError } from '../../kernel';
import { createEd25519Signer, generateEd25519KeyPem, type Signer } from './signer';

const KEY_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface KeyDirectory {
  readonly dir: string;
  /** Loads `<name>.key`, generating it (mode 0600) on first use. */
  loadOrCreate(name: string): Signer;
  load(name: string): Signer;
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

  const load = (name: string): Signer => {
    const file = pathOf(name);
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new ForecourtError('CONFIG_INVALID', `key file ${file} has mode ${mode.toString(8)}; expected 0600`);
    }
    return createEd25519Signer(readFileSync(file, 'utf8'));
  };

  const create = (name: string): void => {
    const file = pathOf(name);
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, generateEd25519KeyPem());
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  };

  return {
    dir,
    load,
    loadOrCreate(name) {
      if (!existsSync(pathOf(name))) create(name);
      return load(name);
    },
  };
}
