import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { sharedDir } from '../kernel';

const VssNode = z.looseObject({
  path: z.string(),
  type: z.string(),
  datatype: z.string().optional(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type VssNode = z.infer<typeof VssNode>;

/** The VSS 6.0 catalog (expanded) from ../shared, by path. */
export function readVssCatalog(file = sharedDir('data', 'vss', 'vss_6.0_expanded.json')): Map<string, VssNode> {
  const doc = z.looseObject({ nodes: z.array(VssNode) }).parse(JSON.parse(readFileSync(file, 'utf8')));
  return new Map(doc.nodes.map((n) => [n.path, n]));
}
