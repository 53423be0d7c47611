/** The package version, written from package.json by scripts/version.mjs before each build. */
export const VERSION = '0.1.0';
