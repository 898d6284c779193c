import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every .ts file under `dir` (recursively), as paths relative to `root`, with its text. */
export function readTsSources(dir: string, root: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.tsx?$/.test(e.name)) {
        out.push({ file: relative(root, p), text: readFileSync(p, 'utf8') });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}
