export { refineFromStep, refinementEdit, layoutSteps, type Refinement, type ActorOptions } from './refine';
export { parseRefinedSteps } from './parse';
export { refineMessages, REFINE_PROMPT_VERSION, ACTOR_SYSTEM_PROMPT } from './prompt';
export { sampleRefinements } from './refine';
export { bestOfKRefinements, refineUntilAccepted, type BestOfK, type Candidate, type Round } from './scaling';
export { solveProblem, solveMessages, SOLVE_PROMPT_VERSION, type Solved, type SolveCandidate } from './solve';
export { actorProfile, ACTOR_PROFILE_NAMES, DEFAULT_ACTOR_PROFILE, isActorProfileName, type ActorProfile, type ActorProfileName } from './profiles';
