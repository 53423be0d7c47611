export function isChunkStream(){return false} export function trainStream(){}
