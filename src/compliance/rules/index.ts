import type { ComplianceRule } from '../define-rule';
import { adas001 } from './adas-001';
import { adas002 } from './adas-002';
import { adas003 } from './adas-003';
import { adas004 } from './adas-004';
import { adas005 } from './adas-005';
import { adas006 } from './adas-006';
import { adas007 } from './adas-007';
import { envDe001 } from './env-de-001';
import { envFr001 } from './env-fr-001';
import { envFr002 } from './env-fr-002';
import { env001 } from './env-001';
import { env002 } from './env-002';
import { finEu001 } from './fin-eu-001';
import { finFr001 } from './fin-fr-001';
import { finUk001 } from './fin-uk-001';
import { finUk002 } from './fin-uk-002';
import { finUs001 } from './fin-us-001';
import { finUs002 } from './fin-us-002';
import { finUs003 } from './fin-us-003';
import { finUs004 } from './fin-us-004';
import { price001 } from './price-001';
import { price002 } from './price-002';
import { price003 } from './price-003';
import { price004 } from './price-004';
import { price005 } from './price-005';
import { priv001 } from './priv-001';
import { priv002 } from './priv-002';
import { safe001 } from './safe-001';
import { ukMotor001 } from './uk-motor-001';

/**
 * The default rule set of RULES.md §4, in evaluation order. ADAS-006 and ADAS-007
 * come after ADAS-001…005 because they are suppressed when those fire.
 */
export const defaultRules: readonly ComplianceRule[] = [
  adas001, adas002, adas003, adas004, adas005, adas006, adas007,
  finUs001, finUs002, finUs003, finUs004, finUk001, finUk002, finEu001, finFr001,
  env001, env002, envDe001, envFr001, envFr002,
  price001, price002, price003, price004, price005,
  safe001, ukMotor001,
  priv001, priv002,
];
