import { deflateSync } from 'node:zlib';
import { vehiclePseudonym } from './placement-path';
import { createRepositoryBuilder, type OfferCustom, type PlacementEntry, type RepositoryBuilder, type RepositoryKeys } from './repository-builder';
import { generateEd25519Signer, type Signer } from './signer';

/** Shared fixtures for the signing tests and the verifier vector suite. */
export const T0 = '2026-11-20T08:00:00Z';
export const ITEM_DE = '01J0ABCDEFGHJKMNPQRSTVWXYZ';
export const ITEM_OEM = '01J0ZYXWVTSRQPNMKJHGFEDCBA';
export const PLACEMENT_KEY = Buffer.alloc(32, 0x5a);
export const VEHICLE = vehiclePseudonym('WVWZZZ1JZXW000001', PLACEMENT_KEY);
export const OTHER_VEHICLE = vehiclePseudonym('WVWZZZ1JZXW000002', PLACEMENT_KEY);

export function makeKeys(): RepositoryKeys {
  const g = (): Signer => generateEd25519Signer();
  return {
    root: { signers: [g(), g(), g()], threshold: 2 },
    targets: { signers: [g(), g(), g()], threshold: 2 },
    nsc: { de: { signers: [g(), g()], threshold: 2 }, fr: { signers: [g(), g()], threshold: 2 } },
    snapshot: g(),
    timestamp: g(),
    placement: g(),
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A real (grey, 8-bit) PNG of the given header size; `rows` limits the pixel data actually encoded. */
export function makePng(width: number, height: number, rows = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const raw = Buffer.alloc(Math.min(rows, height) * (width + 1), 0x80);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function card(itemId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    itemId,
    kind: 'offerCard',
    locale: 'de-DE',
    title: 'Winterreifen-Aktion',
    body: 'Jetzt Termin beim Händler vereinbaren.',
    cta: { action: 'CONTACT_DEALER' },
    ...over,
  };
}

export function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function custom(itemId: string, revision: number): OfferCustom {
  return { itemId, revision, notBefore: '2026-11-01T00:00:00Z', notAfter: '2026-12-31T23:59:59Z' };
}

export interface Scenario {
  readonly keys: RepositoryKeys;
  readonly builder: RepositoryBuilder;
  readonly dePath: string;
  readonly heroPath: string;
  readonly entries: PlacementEntry[];
}

/**
 * The reference repository: one NSC offer with a hero image, one OEM-wide offer,
 * both placed for `VEHICLE`. `cardOverride` and `hero` let a vector publish
 * legitimately signed but hostile content.
 */
export function buildScenario(options: { keys?: RepositoryKeys; cardOverride?: Record<string, unknown>; hero?: { bytes: Uint8Array; mediaType: string }; deContent?: Uint8Array; deCustom?: Partial<OfferCustom>; binBits?: number } = {}): Scenario {
  const keys = options.keys ?? makeKeys();
  const clock = () => new Date(T0);
  const builder = createRepositoryBuilder({ keys, clock, placementBinBits: options.binBits ?? 2 });
  const hero = builder.putAsset('nsc-de/dealer-0042/winter-tyres-hero.png', options.hero?.bytes ?? makePng(64, 36), options.hero?.mediaType ?? 'image/png');
  const deContent = options.deContent ?? json(card(ITEM_DE, { assets: { hero: hero.path }, ...options.cardOverride }));
  const de = builder.putOffer('nsc-de/dealer-0042/winter-tyres.json', deContent, { ...custom(ITEM_DE, 3), ...options.deCustom });
  const oem = builder.putOffer('oem/spring-service.json', json(card(ITEM_OEM, { title: 'Frühjahrs-Check' })), custom(ITEM_OEM, 1));
  const entries: PlacementEntry[] = [
    { path: de.path, sha256: de.sha256, revision: 3, slot: 'home-card-1' },
    { path: oem.path, sha256: oem.sha256, revision: 1, slot: 'home-card-2' },
  ];
  builder.setPlacement(VEHICLE, entries);
  return { keys, builder, dePath: de.path, heroPath: hero.path, entries };
}
