/**
 * The URL paths the driver's server answers besides the bundled page, shared by the
 * driver (src/browser/driver.js) and the page (src/platform/browser.js).
 */
export const ASSETS = {
  /** @tensorflow/tfjs-backend-wasm/dist/: its three .wasm binaries */
  tfjsWasm: '/wasm/tfjs/',
  /** onnxruntime-web/dist/: its .mjs loaders and .wasm binaries */
  onnxruntimeWasm: '/wasm/onnxruntime/',
  /** the shuffled digits as float32 pixels followed by one byte per label (src/browser/driver.js) */
  digits: '/data/digits.bin',
};
