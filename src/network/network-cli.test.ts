import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundsStore } from '../funds';
import { repoRoot } from '../kernel';
import { catalogStore, matrixCatalogOffer, parseCatalogOffer } from '../offers';
import { openStore } from '../store';
import { fixture, loadFixture } from '../testing';

const bin = resolve(repoRoot(), 'bin/forecourt.js');
let dir: string;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--data-dir', join(dir, 'data')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const header = 'record,id,parentId,kind,name,market,code,lat,lon,territory,serviceBaysPerDay,technicians,competitionIndex,dealerId,sku,quantity';
const vin1 = fixture.vehicles[0]!.vin;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fc-network-cli-'));
  const store = await openStore({ dataDir: join(dir, 'data') });
  await loadFixture(store);
  const at = new Date('2026-01-01T00:00:00Z');
  await fundsStore(store.db).putFund({ kind: 'global' }, { id: 'fund-cli', programId: 'prg-spring', tierNodeId: 'nsc-us', currency: 'USD', budgetMinor: 100_000 }, at);
  await store.programs.upsertProgram({ ...fixture.program, endsAt: '2036-01-01T00:00:00.000Z' });
  await catalogStore(store.db).put({ kind: 'global' }, parseCatalogOffer({ ...matrixCatalogOffer, id: 'off-cli-cash', fundId: 'fund-cli', validTo: '2036-01-01T00:00:00.000Z' }));
  await store.close();
  writeFileSync(join(dir, 'bad.csv'), [
    header,
    'dealer,dlr-new,dist-us-west,,New,US,USA099,37.3,-121.9,951,4,general:2:8,0.3,,,',
    'dealer,dlr-bad,dist-us-west,,Bad,US,usa-lower,37.3,-121.9,951,4,general:2:8,0.3,,,',
    'stock,,,part,,,,,,,,,,dlr-ghost,CAL-KIT,2',
  ].join('\n'));
  writeFileSync(join(dir, 'good.csv'), [header, 'dealer,dlr-new,dist-us-west,,New,US,USA099,37.3,-121.9,951,4,general:2:8,0.3,,,', 'stock,,,part,,,,,,,,,,dlr-new,CAL-KIT,2'].join('\n'));
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('forecourt network, catalog, claims and funds commands', () => {
  it('has --help for the new commands', () => {
    const h = spawnSync(process.execPath, [bin, 'network', 'import', '--help'], { encoding: 'utf8' });
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/Usage: forecourt network import \[options\] <file>/);
    expect(h.stdout).toContain('--dry-run');
  }, 180_000);

  it('prints every bad row of a malformed file with its line and imports nothing', () => {
    const r = run(['network', 'import', join(dir, 'bad.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.csv:3: code: /);
    expect(r.err).toMatch(/bad\.csv:4: dealerId: no dealer dlr-ghost/);
    expect(r.err).toContain('error [IMPORT_REJECTED]: 2 problem(s)');
    expect(r.err).not.toMatch(/\n\s+at /);
    const u = run(['network', 'utilisation', '--from', '2026-04-01', '--days', '1', '--json']);
    expect(JSON.parse(u.out).items.map((i: { dealerId: string }) => i.dealerId)).not.toContain('dlr-new');
  }, 180_000);

  it('checks with --dry-run, then imports a good file', () => {
    const dry = run(['network', 'import', join(dir, 'good.csv'), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('checked 2 rows: 1 nodes, 1 dealers, 1 stock lines');
    const real = run(['network', 'import', join(dir, 'good.csv'), '--format', 'csv']);
    expect(real.code).toBe(0);
    expect(real.out).toContain('imported 2 rows');
    const u = run(['network', 'utilisation', '--from', '2026-04-01', '--days', '1', '--json']);
    expect(JSON.parse(u.out).items.find((i: { dealerId: string }) => i.dealerId === 'dlr-new')).toMatchObject({ capacityHours: 16 });
  }, 180_000);

  it('answers which dealers can deliver an offer to a vehicle', () => {
    const r = run(['network', 'deliver', '--offer', 'off-brakes', '--vin', vin1, '--within', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^yes dlr-a \(home dealer\) earliest \d{4}-\d\d-\d\d$/m);
    expect(r.out).toMatch(/^no {2}dlr-b .*in_stock: no stock of PAD-FRONT-V1/m);
  }, 180_000);

  it('records a redemption, settles a valid claim, rejects a duplicate with its reason, and shows the position', () => {
    const redeemedAt = new Date(Date.now() - 3_600_000).toISOString();
    const redeem = run(['funds', 'redeem', '--offer', 'off-cli-cash', '--vin', vin1, '--dealer', 'dlr-a', '--at', redeemedAt]);
    expect(redeem.code, redeem.err).toBe(0);
    expect(redeem.out).toContain('500.00 accrued on fund-cli');
    const claim = { fundId: 'fund-cli', offerId: 'off-cli-cash', dealerId: 'dlr-a', vin: vin1, redeemedAt, amountMinor: 50_000 };
    writeFileSync(join(dir, 'claims.json'), JSON.stringify([{ ...claim, id: 'clm-cli-1' }, { ...claim, id: 'clm-cli-2' }]));
    const r = run(['claims', 'submit', join(dir, 'claims.json')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^clm-cli-1 settled$/m);
    expect(r.out).toMatch(/^clm-cli-2 rejected: not_duplicate \(already claimed as clm-cli-1\)$/m);
    expect(r.err).toContain('error [CONFLICT]: 1 of 2 claim(s) rejected');
    const p = run(['funds', 'position', 'fund-cli', '--json']);
    expect(JSON.parse(p.out)).toMatchObject({ budgetMinor: 100_000, claimedMinor: 50_000, settledMinor: 50_000, remainingMinor: 50_000, rejectedClaims: 1 });
  }, 180_000);

  it('arbitrates candidates against the fund\'s remaining budget and resolves a conflict, from files', () => {
    writeFileSync(join(dir, 'arbitrate.json'), JSON.stringify({
      customers: ['c-1', 'c-2'].map((customerId) => ({ customerId, candidates: [{ offerId: 'off-cli-cash', channel: 'email' }] })),
    }));
    const a = run(['catalog', 'arbitrate', join(dir, 'arbitrate.json')]);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toMatch(/^c-1: granted off-cli-cash on email$/m);
    expect(a.out).toMatch(/^ {4}refused off-cli-cash: budget_cap \(fund-cli has 0 left, 50000 needed\)$/m);
    writeFileSync(join(dir, 'conflict.json'), JSON.stringify({ customer: { id: 'own-1', postalCode: '94110', homeDealerId: 'dlr-a' }, offerIds: ['off-brakes', 'off-cli-cash'] }));
    const c = run(['catalog', 'conflicts', join(dir, 'conflict.json')]);
    expect(c.code, c.err).toBe(0);
    expect(c.out).toMatch(/^winner: off-cli-cash$/m);
    expect(c.out).toContain('suppressed off-brakes: better_offer_for_customer');
  }, 180_000);
});
