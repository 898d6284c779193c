/** Software features sold over the air; their codes are observable (release notes, offers). */
export const featureCodes = ['adas_plus', 'trailer_assist', 'night_vision', 'navigation_plus', 'fast_charge_plus', 'performance_boost'] as const;
export type FeatureCode = (typeof featureCodes)[number];

/** Minimum hardware (ADAS level) and powertrains each feature needs. */
export const featureRequirements: Record<FeatureCode, { minAdasLevel: number; powertrains: readonly string[] }> = {
  adas_plus: { minAdasLevel: 2, powertrains: ['ice', 'hev', 'phev', 'bev'] },
  trailer_assist: { minAdasLevel: 1, powertrains: ['ice', 'hev', 'phev', 'bev'] },
  night_vision: { minAdasLevel: 1, powertrains: ['ice', 'hev', 'phev', 'bev'] },
  navigation_plus: { minAdasLevel: 0, powertrains: ['ice', 'hev', 'phev', 'bev'] },
  fast_charge_plus: { minAdasLevel: 0, powertrains: ['phev', 'bev'] },
  performance_boost: { minAdasLevel: 0, powertrains: ['hev', 'phev', 'bev'] },
};
