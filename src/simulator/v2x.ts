import { createRng, type Rng } from '../kernel';
import type { KinematicSample } from './drive-cycle';

/** J2735 messages in the decoded JSON shape of the USDOT ODE (schemaVersion 8), as in ../shared/data/v2x. */
export interface OdeMessage {
  metadata: {
    recordType: 'bsmTx' | 'spatTx';
    payloadType: string;
    serialId: { streamId: string; bundleSize: number; bundleId: number; recordId: number; serialNumber: number };
    odeReceivedAt: string;
    schemaVersion: 8;
    recordGeneratedBy: 'OBU' | 'RSU';
    sanitized: boolean;
  };
  payload: { data: Record<string, unknown>; dataType: string };
}

const wheelBrakes = (on: boolean): Record<string, boolean> => ({ leftFront: on, rightFront: on, unavailable: false, leftRear: on, rightRear: on });

/** SAE J2735 secMark: milliseconds within the minute. */
const secMark = (ms: number): number => ms % 60_000;
/** J2735 TimeMark: tenths of a second within the hour. */
const timeMark = (ms: number): number => Math.floor((ms % 3_600_000) / 100);

export function bsmMessage(tempId: string, s: KinematicSample, msgCnt: number, streamId: string, serial: number): OdeMessage {
  return {
    metadata: {
      recordType: 'bsmTx', payloadType: 'us.dot.its.jpo.ode.model.OdeBsmPayload',
      serialId: { streamId, bundleSize: 1, bundleId: 0, recordId: serial, serialNumber: serial },
      odeReceivedAt: new Date(s.tMs).toISOString(), schemaVersion: 8, recordGeneratedBy: 'OBU', sanitized: false,
    },
    payload: {
      data: {
        coreData: {
          msgCnt: msgCnt % 128, id: tempId, secMark: secMark(s.tMs),
          position: { latitude: s.lat, longitude: s.lon, elevation: 100 },
          accelSet: { accelLat: 0, accelLong: s.accel, accelVert: 0, accelYaw: 0 },
          accuracy: { semiMajor: 2, semiMinor: 2 },
          transmission: s.speedKmh > 0 ? 'FORWARDGEARS' : 'PARK',
          speed: Math.round((s.speedKmh / 3.6) * 100) / 100,
          heading: s.heading,
          brakes: { wheelBrakes: wheelBrakes(s.accel < -0.3), traction: 'unavailable', abs: 'unavailable', scs: 'unavailable', brakeBoost: 'unavailable', auxBrakes: 'unavailable' },
          size: { width: 190, length: 470 },
        },
        partII: [],
      },
      dataType: 'us.dot.its.jpo.ode.plugin.j2735.J2735Bsm',
    },
  };
}

export function spatMessage(intersectionId: number, atMs: number, redForMs: number, streamId: string, serial: number): OdeMessage {
  const red = redForMs > 0;
  const end = timeMark(atMs + Math.max(redForMs, 20_000));
  const movement = (signalGroup: number, stop: boolean) => ({
    signalGroup,
    state_time_speed: { movementEventList: [{ eventState: stop ? 'STOP_AND_REMAIN' : 'PROTECTED_MOVEMENT_ALLOWED', timing: { minEndTime: end, maxEndTime: end + 1 } }] },
  });
  return {
    metadata: {
      recordType: 'spatTx', payloadType: 'us.dot.its.jpo.ode.model.OdeSpatPayload',
      serialId: { streamId, bundleSize: 1, bundleId: 0, recordId: serial, serialNumber: serial },
      odeReceivedAt: new Date(atMs).toISOString(), schemaVersion: 8, recordGeneratedBy: 'RSU', sanitized: false,
    },
    payload: {
      data: {
        intersectionStateList: {
          intersectionStatelist: [{
            id: { id: intersectionId }, revision: 0,
            status: { failureFlash: false, noValidSPATisAvailableAtThisTime: false, fixedTimeOperation: false, trafficDependentOperation: true, off: false },
            timeStamp: secMark(atMs),
            states: { movementList: [movement(2, red), movement(4, !red), movement(6, red), movement(8, !red)] },
          }],
        },
      },
      dataType: 'us.dot.its.jpo.ode.plugin.j2735.J2735SPAT',
    },
  };
}

/**
 * Signalised-intersection encounters along a trip: every stop on an urban or arterial road
 * is, with probability `signalisedShare`, a red light; the vehicle's BSMs over the 10 s before
 * it stops and the intersection's SPaT (1 Hz while it waits) are emitted.
 */
export function* intersectionEncounters(samples: readonly KinematicSample[], tempId: string, seedLabel: string, signalisedShare = 0.6): Generator<OdeMessage> {
  const rng: Rng = createRng(seedLabel);
  const streamId = `sim-${seedLabel}`.slice(0, 36);
  let serial = 0;
  let msgCnt = 0;
  for (let i = 1; i < samples.length; i++) {
    const s = samples[i], prev = samples[i - 1];
    if (!s || !prev || !(prev.speedKmh > 0.5 && s.speedKmh <= 0.5) || s.road === 'highway' || s.road === 'rural') continue;
    if (rng.next() >= signalisedShare) continue;
    const intersectionId = 10_000 + Math.floor(Math.abs(s.lat * 1000 + s.lon * 1000)) % 50_000;
    let from = i;
    while (from > 0 && s.tMs - (samples[from - 1]?.tMs ?? 0) <= 10_000) from--;
    for (let k = from; k <= i; k++) {
      const a = samples[k];
      if (a) yield bsmMessage(tempId, a, msgCnt++, streamId, serial++);
    }
    let end = i;
    while (end + 1 < samples.length && (samples[end + 1]?.speedKmh ?? 1) <= 0.5) end++;
    const waitMs = (samples[end]?.tMs ?? s.tMs) - s.tMs;
    for (let t = 0; t <= waitMs; t += 1000) yield spatMessage(intersectionId, s.tMs + t, waitMs - t, streamId, serial++);
  }
}
