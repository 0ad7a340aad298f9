export { CONFIG_FILE_NAME, configSchema, configJsonSchema, type MathCriticConfig } from './schema';
export { ConfigError, parseConfig, readConfigFile } from './read';
export { findConfigFile, isInside } from './find';
export { DEFAULT_CHECKER_OPTIONS, optionsFromConfig, isSolutionFile, type CheckerOptions } from './options';
export { ConfigResolver, type ResolvedConfig } from './resolver';
