interface Split {
  inputs: { data: Float32Array; rows: number };
  targets: { data: Float32Array; rows: number };
  labels: number[];
}
export function digits(train: number, test: number, seed?: number): { train: Split; test: Split; total: number };
export function accuracy(out: { data: Float32Array; rows: number }, labels: number[]): number;
