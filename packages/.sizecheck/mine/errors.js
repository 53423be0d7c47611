export class DeltapropError extends Error {
    code;
    /** Extra facts for programs: the epoch and batch of a divergence, the path of a bad field. */
    details;
    constructor(code, message, details = {}) {
        super(message);
        this.name = 'DeltapropError';
        this.code = code;
        this.details = details;
    }
}
export function fail(code, message, details) {
    throw new DeltapropError(code, message, details);
}
//# sourceMappingURL=errors.js.map