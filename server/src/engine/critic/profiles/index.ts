import { jsonProfile } from './json';
import { mathCritiqueProfile } from './mathcritique';
import { prmProfile } from './prm';
import { processBenchProfile } from './processbench';
import type { CriticProfile, CriticProfileName } from './types';

export * from './types';

/** Every critic profile, by name. A new one is one module and one entry here (CONTRIBUTING.md). */
const PROFILES: { readonly [N in CriticProfileName]?: CriticProfile } = {
  json: jsonProfile,
  mathcritique: mathCritiqueProfile,
  processbench: processBenchProfile,
  prm: prmProfile,
};

/** The names `--profile` and `mathcritic.critic.profile` accept, in the order help lists them. */
export const PROFILE_NAMES = Object.keys(PROFILES) as CriticProfileName[];

export const DEFAULT_PROFILE: CriticProfileName = 'json';

export function isProfileName(name: unknown): name is CriticProfileName {
  return typeof name === 'string' && (PROFILE_NAMES as string[]).includes(name);
}

/** The profile of that name; throws with the known names for anything else (a CLI option, a setting). */
export function criticProfile(name: string = DEFAULT_PROFILE): CriticProfile {
  const profile = isProfileName(name) ? PROFILES[name] : undefined;
  if (!profile) throw new Error(`unknown critic profile "${name}": use one of ${PROFILE_NAMES.join(', ')}`);
  return profile;
}
