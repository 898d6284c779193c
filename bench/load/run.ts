// HTTP load test: the platform runs in this process on PGlite with the demo
// market; autocannon runs as a second process against it on loopback.
// Prints throughput and latency percentiles per endpoint, beside the floor
// endpoint /health (the framework's own cost), and the ratio.
//
//   npx tsx bench/load/run.ts [--seconds 10] [--connections 20]
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { compose, listen } from '../../src/app';
import { loadConfig } from '../../src/config';
import { repoRoot } from '../../src/kernel';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg('seconds', 10);
const connections = arg('connections', 20);

const platform = await compose(loadConfig({}, { dataDir: 'memory', port: 0, logLevel: 'silent', demoVehicles: 2000, seed: 42, rateLimitPerMinute: 0 }));
const base = await listen(platform);
const nodeOf = (role: string) => platform.demoUsers.find((u) => u.role === role)!.nodeId;
const admin = (await platform.identity.createApiKey({ name: 'load', nodeId: nodeOf('oem_admin'), role: 'oem_admin' })).key;
const dealerNode = (await platform.store.network.listDealers({ kind: 'global' }))[0]!.id;
const dealer = (await platform.identity.createApiKey({ name: 'load-dealer', nodeId: dealerNode, role: 'dealer_principal' })).key;
const marketing = (await platform.identity.createApiKey({ name: 'load-m', nodeId: nodeOf('nsc_marketing'), role: 'nsc_marketing' })).key;
const message = { market: 'US', channel: 'email', vehicle: { model: 'Halden Vireo', adasLevel: 2, certifiedFeatures: [] }, consent: { telematicsMarketing: true, channelMarketing: true },
  text: 'Brake service package: 15% off parts and labour at your Halden dealer until 30 June 2026. Offer ends 30 June 2026.' };

// The single-customer decision: an owner the NSC marketer can see (offers valued as the optimizer
// does, the bandit's channel, one decision-log row written per request).
const { rows: ownerRows } = await platform.store.db.query<{ id: string }>(
  `SELECT o.id FROM owners o JOIN tenant_nodes n ON n.id = $1 WHERE o.home_dealer_id IS NOT NULL AND o.market = n.market ORDER BY o.id LIMIT 1`, [nodeOf('nsc_marketing')]);
const decisionOwner = ownerRows[0]?.id;

interface Case { name: string; path: string; key?: string; method?: string; body?: unknown }
const cases: Case[] = [
  { name: 'floor: GET /health', path: '/health' },
  { name: 'GET /api/v1/overview (aggregates, scoped)', path: '/api/v1/overview', key: admin },
  { name: 'GET /api/v1/owners?limit=50 (dealer scope)', path: '/api/v1/owners?limit=50', key: dealer },
  { name: 'POST /api/v1/compliance/check (decision)', path: '/api/v1/compliance/check', key: marketing, method: 'POST', body: { messages: [message] } },
  ...(decisionOwner ? [{ name: 'POST /api/v1/decisions (next best offer, logged)', path: '/api/v1/decisions', key: marketing, method: 'POST', body: { ownerId: decisionOwner } }] : []),
];

const autocannon = resolve(repoRoot(), 'node_modules/.bin/autocannon');
console.log(`node ${process.version}; platform on PGlite with 2,000 demo vehicles; autocannon in a second process, ${connections} connections, ${seconds} s per endpoint, loopback`);
const rows: { name: string; rps: number; p50: number; p90: number; p99: number; errors: number; non2xx: number }[] = [];
for (const c of cases) {
  const args = ['-j', '-c', String(connections), '-d', String(seconds), '-m', c.method ?? 'GET'];
  if (c.key) args.push('-H', `authorization=Bearer ${c.key}`);
  if (c.body) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(c.body));
  args.push(`${base}${c.path}`);
  // Asynchronous: the server answers from this process's event loop while autocannon runs.
  const stdout = await new Promise<string>((ok, fail) => {
    const child = spawn(autocannon, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => { buf += d.toString(); });
    child.on('error', fail);
    child.on('close', () => ok(buf));
  });
  const out = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p90: number; p99: number }; errors: number; non2xx: number };
  rows.push({ name: c.name, rps: out.requests.average, p50: out.latency.p50, p90: out.latency.p90, p99: out.latency.p99, errors: out.errors, non2xx: out.non2xx });
}
const floor = rows[0]!.rps;
console.log('\n| endpoint | req/s | p50 ms | p90 ms | p99 ms | errors | non-2xx | throughput vs floor |\n|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${Math.round(r.rps).toLocaleString('en')} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${(r.rps / floor).toFixed(2)}× |`);
await platform.close();
