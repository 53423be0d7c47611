export class Encoder{} export const MISSING_TOKENS=[]; export function checkPreprocessing(){}
