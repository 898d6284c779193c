import { z } from 'zod';

/**
 * Zod schemas for the decoded SAE J2735 JSON that USDOT's ODE emits
 * (schemaVersion 6 and 8) and that the geojson converter produces. They keep
 * only what Forecourt reads and tolerate the envelope variants seen in the
 * samples: numbers or strings for location data, `null` for absent fields,
 * template placeholders in replay scripts.
 */
const num = z.number().finite();
const numOrString = z.union([num, z.string()]);
const opt = <T extends z.ZodType>(t: T) => t.nullish();

export const OdeMetadata = z
  .object({
    recordType: opt(z.string()),
    schemaVersion: opt(z.union([z.int(), z.string()])),
    odeReceivedAt: opt(z.string()),
    recordGeneratedAt: opt(z.string()),
    payloadType: opt(z.string()),
  })
  .loose();

/** Degrees in range: h3 (encounter cells) throws on coordinates far outside them (tests/fuzz/v2x-messages.test.ts). */
const lat = num.min(-90).max(90);
const lon = num.min(-180).max(180);
export const Position = z.object({ latitude: lat, longitude: lon, elevation: opt(num) }).loose();

export const BsmCoreData = z
  .object({
    msgCnt: opt(z.int()),
    id: z.string().min(1).max(64),
    secMark: opt(numOrString),
    position: Position,
    speed: opt(num),
    heading: opt(num),
    accelSet: opt(z.object({ accelLong: opt(num), accelLat: opt(num) }).loose()),
    brakes: opt(z.object({ abs: opt(z.string()) }).loose()),
  })
  .loose();
export const BsmData = z.object({ coreData: BsmCoreData, partII: opt(z.array(z.unknown())) }).loose();

export const MovementEvent = z
  .object({
    eventState: z.string(),
    timing: opt(z.object({ minEndTime: opt(num), maxEndTime: opt(num), likelyTime: opt(num) }).loose()),
  })
  .loose();
export const IntersectionState = z
  .object({
    id: z.object({ id: z.int(), region: opt(z.int()) }).loose(),
    revision: opt(z.int()),
    moy: opt(numOrString),
    timeStamp: opt(numOrString),
    states: z.object({
      movementList: z.array(z.object({ signalGroup: z.int(), state_time_speed: z.object({ movementEventList: z.array(MovementEvent) }).loose() }).loose()),
    }).loose(),
  })
  .loose();
export const SpatData = z.object({ intersectionStateList: z.object({ intersectionStatelist: z.array(IntersectionState).min(1) }).loose() }).loose();

const NodeXY = z.object({ x: num, y: num });
export const MapNode = z
  .object({
    delta: z
      .object({
        nodeXY1: opt(NodeXY), nodeXY2: opt(NodeXY), nodeXY3: opt(NodeXY), nodeXY4: opt(NodeXY), nodeXY5: opt(NodeXY), nodeXY6: opt(NodeXY),
        nodeLatLon: opt(z.object({ latitude: lat, longitude: lon }).loose()),
      })
      .loose(),
  })
  .loose();
export const GenericLane = z
  .object({
    laneID: z.int(),
    ingressApproach: opt(z.int()),
    egressApproach: opt(z.int()),
    laneAttributes: opt(z.object({ directionalUse: opt(z.object({ ingressPath: z.boolean(), egressPath: z.boolean() }).loose()) }).loose()),
    nodeList: z.object({ nodes: opt(z.array(MapNode)) }).loose(),
    connectsTo: opt(z.object({ connectsTo: z.array(z.object({ signalGroup: opt(z.int()), connectingLane: opt(z.object({ lane: z.int() }).loose()) }).loose()) }).loose()),
  })
  .loose();
export const IntersectionGeometry = z
  .object({
    id: z.object({ id: z.int(), region: opt(z.int()) }).loose(),
    revision: opt(z.int()),
    refPoint: Position,
    laneWidth: opt(num),
    laneSet: z.object({ GenericLane: z.array(GenericLane).min(1) }).loose(),
  })
  .loose();
export const MapData = z.object({ intersections: z.object({ intersectionGeometry: z.array(IntersectionGeometry).min(1) }).loose() }).loose();

const LatLong1e7 = z.object({ lat: z.int(), long: z.int() }).loose();
export const TimData = z
  .object({
    MessageFrame: z
      .object({
        messageId: z.literal(31),
        value: z.object({
          TravelerInformation: z
            .object({
              msgCnt: opt(z.int()),
              timeStamp: opt(z.int()),
              dataFrames: z.object({
                TravelerDataFrame: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]),
              }).loose(),
            })
            .loose(),
        }).loose(),
      })
      .loose(),
  })
  .loose();
export const TravelerDataFrame = z
  .object({
    startYear: opt(z.int()),
    startTime: opt(z.int()),
    durationTime: opt(z.int()),
    priority: opt(z.int()),
    msgId: opt(z.object({ roadSignID: opt(z.object({ position: LatLong1e7 }).loose()) }).loose()),
    regions: opt(z.unknown()),
    content: opt(z.unknown()),
  })
  .loose();

export const ProcessedSpat = z
  .object({
    messageType: z.literal('SPAT'),
    intersectionId: z.int(),
    utcTimeStamp: opt(z.string()),
    states: z.array(z.object({ signalGroup: z.int(), stateTimeSpeed: z.array(z.object({ eventState: z.string() }).loose()) }).loose()),
  })
  .loose();
export const ProcessedMap = z
  .object({
    /** Newer converter output keeps intersectionId and refPoint here rather than on each lane. */
    properties: opt(z.object({ intersectionId: opt(z.int()), refPoint: opt(Position) }).loose()),
    mapFeatureCollection: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        z.object({
          geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(z.tuple([lon, lat])) }).loose(),
          properties: z.object({ intersectionId: opt(z.int()), laneId: opt(z.int()), refPoint: opt(Position), ingressPath: opt(z.boolean()) }).loose(),
        }).loose(),
      ),
    }).loose(),
  })
  .loose();
