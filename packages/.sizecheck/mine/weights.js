export function rowWeights(){} export function batchFactors(){}
