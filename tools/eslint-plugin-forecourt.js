// Architecture rules from ARCHITECTURE.md, enforced by lint. Each message says
// where the code belongs instead of only what is wrong.
import { dirname, relative, resolve, sep } from 'node:path';

const srcRoot = resolve(import.meta.dirname, '..', 'src');

/** Modules that do I/O. The decision core must not import them. */
const ioModules = [
  /^node:(fs|fs\/promises|net|http|https|http2|child_process|worker_threads|dgram|tls|cluster)$/,
  /^(fs|net|http|https|child_process|worker_threads)$/,
  /^pg$/, /^pg-copy-streams$/, /^@electric-sql\//, /^fastify/, /^@fastify\//, /^mqtt$/, /^@nats-io\//, /^nodemailer$/, /^smtp-server$/,
];
/** Folders that are I/O layers by nature: composition, storage, HTTP, CLI, test helpers. */
const ioFolders = new Set(['app', 'store', 'cli', 'testing']);
/** File names that may do I/O inside a capability folder. */
const ioFile = /(-io|-store|-routes|-cli|-worker)\.ts$|\.test\.ts$|\.suite\.ts$/;

function capabilityOf(file) {
  const rel = relative(srcRoot, file);
  if (rel.startsWith('..')) return undefined;
  return rel.split(sep)[0];
}

const crossCapability = {
  meta: { type: 'problem', messages: {} , schema: [] },
  create(context) {
    const file = context.filename;
    const from = capabilityOf(file);
    if (!from) return {};
    return {
      ImportDeclaration(node) {
        const spec = node.source.value;
        if (typeof spec !== 'string') return;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          const to = capabilityOf(target);
          if (!to || to === from) return;
          const rel = relative(resolve(srcRoot, to), target);
          if (rel !== '' && rel !== 'index' && rel !== 'index.ts') {
            context.report({ node, message: `'${spec}' reaches inside src/${to}/. Import it from src/${to}/index.ts (add the export there if it is public).` });
          }
          if (to === 'simulator' && from !== 'simulator' && rel.startsWith('hidden')) {
            context.report({ node, message: 'The hidden ground truth stays inside src/simulator/: the platform must never read owner traits.' });
          }
        }
        if (!ioFolders.has(from) && !ioFile.test(file) && node.importKind !== 'type' && ioModules.some((re) => re.test(spec))) {
          context.report({ node, message: `'${spec}' does I/O, and src/${from}/ is part of the pure decision core. Move this code into a file named *-io.ts, *-store.ts, *-routes.ts, *-cli.ts or *-worker.ts.` });
        }
      },
    };
  },
};

const hiddenTruth = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = capabilityOf(context.filename);
    if (from === 'simulator') return {};
    return {
      ImportDeclaration(node) {
        const spec = node.source.value;
        if (typeof spec === 'string' && /simulator\/hidden/.test(spec)) {
          context.report({ node, message: 'The hidden ground truth stays inside src/simulator/: the platform must never read owner traits.' });
        }
      },
    };
  },
};

const standaloneVerifier = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      ImportDeclaration(node) {
        const spec = node.source.value;
        if (typeof spec === 'string' && spec.startsWith('.') && resolve(dirname(context.filename), spec).startsWith(srcRoot)) {
          context.report({ node, message: 'packages/verifier is embedded in vehicles and apps: it must not depend on the server code in src/.' });
        }
      },
    };
  },
};

export const forecourtPlugin = {
  meta: { name: 'forecourt' },
  rules: { 'cross-capability': crossCapability, 'hidden-truth': hiddenTruth, 'standalone-verifier': standaloneVerifier },
};
