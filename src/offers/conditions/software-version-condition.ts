import semver from 'semver';
import { z } from 'zod';
import { defineCondition } from './define-condition';

export const softwareVersionCondition = defineCondition({
  code: 'software_version',
  description: 'The vehicle software version satisfies a semver range (pre-releases only when the range names one)',
  params: z.strictObject({
    range: z.string().min(1).max(200).refine((r) => semver.validRange(r) !== null, 'not a valid semver range'),
  }),
  evaluate: ({ range }, { ctx }) => {
    const version = ctx.vehicle.softwareVersion;
    if (semver.satisfies(version, range)) return { passed: true, detail: `${version} satisfies ${range}` };
    const where = semver.ltr(version, range) ? 'is below' : semver.gtr(version, range) ? 'is above' : 'is outside';
    return { passed: false, detail: `${version} ${where} the range ${range}` };
  },
});
