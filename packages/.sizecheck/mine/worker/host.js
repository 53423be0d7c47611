let host = null;
export function setWorkerHost(h) {
    host = h;
}
export function workerHost() {
    return host;
}
//# sourceMappingURL=host.js.map