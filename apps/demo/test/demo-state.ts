/** What the page exposes to the browser tests as `window.__demo` (see src/main.ts). */
export interface Snapshot {
  shape: { layers: number[]; activation: string[]; loss: string };
  parameters: { weights: Float32Array[]; biases: Float32Array[] };
}
export interface Demo {
  status: string;
  engine: string;
  epoch: number;
  loss: number;
  valLoss: number;
  valAccuracy: number;
  epochsPerSecond: number;
  threads: number;
  isolated: boolean;
  cores: number;
  accuracy90At: number;
  trainStartedAt: number;
  snapshot: Snapshot | null;
  predict(points: number[][]): Promise<number[]>;
  gradientsOf(index: number): Promise<{ loss: number; weights: number[][]; biases: number[][] } | null>;
  delta(): { index: number; x: number[]; y: number[]; loss: number; weights: number[][]; biases: number[][]; steps: number; step: number } | null;
  diagram(): {
    boxes: { layer: number; index: number; x: number; y: number; size: number }[][];
    lines: { layer: number; from: number; to: number; w: number; width: number; color: string }[];
  };
  gradientSizes(): { epoch: number; rms: number[] }[];
  losses(): number[];
  rows(): { train: number; val: number };
  answered(): boolean;
  follow(index: number): void;
  digit: { status: string; prediction: number | null; probabilities: number[] | null };
}
declare global {
  interface Window {
    __demo: Demo;
  }
}
