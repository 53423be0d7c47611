import type { BrowserContext, LaunchOptions, BrowserContextOptions } from 'playwright-core';

export declare const CANDIDATES: readonly string[];
export declare const KNOWN_PATHS: readonly string[];
export declare const INSTALL_HINT: string;
export declare const CHROMIUM_ARGS: readonly string[];

export declare class ChromiumNotFound extends Error {
  constructor(message?: string);
}

export interface SearchOptions {
  env?: Record<string, string | undefined>;
  isExecutable?: (path: string) => boolean;
}

export declare function findChromium(options?: SearchOptions): string | null;
export declare function requireChromium(options?: SearchOptions): string;
export declare function canInstall(options?: SearchOptions & { uid?: number }): boolean;
export declare function ensureChromium(options?: {
  log?: (line: string) => void;
  find?: () => string | null;
  mayInstall?: () => boolean;
  aptGet?: (args: string[]) => number | null;
}): string;
export declare function launchChromium(options?: LaunchOptions & BrowserContextOptions): Promise<BrowserContext>;
