/** A team worker's side of wasm/team.ts. */
export declare function serveTeam(post: (message: unknown) => void, listen: (listener: (message: any) => void) => void): void;
