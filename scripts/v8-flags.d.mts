export declare function nodeAccepts(flag: string, node?: string): boolean;
export declare function relaxedSimdFlags(node?: string): string[];
