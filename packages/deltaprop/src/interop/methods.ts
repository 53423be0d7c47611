/**
 * Importing `deltaprop/interop` also gives networks methods that call this entry's
 * functions, for those who prefer them: `net.toONNX()`, `net.toTFJS()`,
 * `net.save(destination)`, and `Network.fromONNX`, `Network.fromTFJS`,
 * `Network.load`. They are added to the core's class here (and declared to
 * TypeScript by the augmentation below) rather than written in network.ts, so that
 * the core entry stays free of every format: a page that never imports this entry
 * never downloads them.
 */
import type { ModelJSON } from '../types.js';
import { Network } from '../network.js';
import type { ImportOptions } from './common.js';
import { fromONNX, toONNX } from './onnx.js';
import { load, save, type SaveOptions } from './storage.js';
import { fromTFJS, type TFJSArtifacts, type TFJSModelJSON, toTFJS } from './tfjs.js';

declare module '../network.js' {
  interface Network {
    /** The network as an ONNX model (see `toONNX` of deltaprop/interop). */
    toONNX(): Uint8Array<ArrayBuffer>;
    /** The network as TF.js layers-model artifacts (see `toTFJS` of deltaprop/interop). */
    toTFJS(): TFJSArtifacts;
    /** Saves the network at a path or in browser storage (see `save` of deltaprop/interop). */
    save(destination: string, options?: SaveOptions): Promise<void>;
  }
  namespace Network {
    /** Loads an ONNX model of dense layers (see `fromONNX` of deltaprop/interop). */
    function fromONNX(bytes: Uint8Array | ArrayBuffer, options?: ImportOptions): Promise<Network>;
    /** Loads a TF.js layers model (see `fromTFJS` of deltaprop/interop). */
    function fromTFJS(
      modelJSON: TFJSModelJSON | string,
      weights: ArrayBuffer | Uint8Array | readonly (ArrayBuffer | Uint8Array)[],
      options?: ImportOptions,
    ): Promise<Network>;
    /** Loads a model of any format from a path, URL, browser storage or bytes (see `load` of deltaprop/interop). */
    function load(source: string | Uint8Array | ArrayBuffer, options?: ImportOptions): Promise<Network>;
  }
}

/** Methods as classes have them: not enumerable, so they stay out of Object.keys and spreads. */
const method = (target: object, name: string, value: unknown) => {
  if (!Object.hasOwn(target, name)) Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
};
method(Network.prototype, 'toONNX', function (this: Network) {
  return toONNX(this);
});
method(Network.prototype, 'toTFJS', function (this: Network) {
  return toTFJS(this);
});
method(Network.prototype, 'save', function (this: Network, destination: string, options?: SaveOptions) {
  return save(this as Network | ModelJSON, destination, options);
});
method(Network, 'fromONNX', fromONNX);
method(Network, 'fromTFJS', fromTFJS);
method(Network, 'load', load);
