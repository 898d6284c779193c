import { describe, it, expect } from 'vitest';
import type { ConsentChange } from '../domain';
import { consentStateAt } from './index';

const change = (at: string, granted: boolean, channel: ConsentChange['channel'] = 'email', ownerId = 'own-anna'): ConsentChange => ({
  ownerId, purpose: 'marketing_contact', channel, granted, actor: 'owner', source: 'app', at,
});

describe('consent state at a moment', () => {
  const history = [
    change('2026-01-01T00:00:00.000Z', true),
    change('2026-01-01T00:00:00.000Z', true, 'any'),
    change('2026-06-01T00:00:00.000Z', false),
    change('2026-03-01T00:00:00.000Z', true, 'email', 'own-bob'),
  ];

  it('takes the latest change per purpose and channel up to the moment', () => {
    expect(consentStateAt(history, 'own-anna', new Date('2026-05-01T00:00:00Z'))).toEqual({ 'marketing_contact:email': true, 'marketing_contact:any': true });
    expect(consentStateAt(history, 'own-anna', new Date('2026-07-01T00:00:00Z'))).toEqual({ 'marketing_contact:email': false, 'marketing_contact:any': true });
  });

  it('knows nothing before the first change and ignores other owners', () => {
    expect(consentStateAt(history, 'own-anna', new Date('2025-12-31T00:00:00Z'))).toEqual({});
    expect(consentStateAt(history, 'own-bob', new Date('2026-07-01T00:00:00Z'))).toEqual({ 'marketing_contact:email': true });
  });
});
