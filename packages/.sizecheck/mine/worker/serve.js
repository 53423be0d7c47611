/** The worker's side of host.ts: trains one network per 'train' message. */
import { DeltapropError } from '../errors.js';
import { Network } from '../network.js';
export function serve(post, listen) {
    let controller = null;
    listen(async (message) => {
        if (message.type === 'abort') {
            controller?.abort();
            return;
        }
        if (message.type !== 'train')
            return;
        controller = new AbortController();
        try {
            const net = await Network.fromJSON(message.model, { seed: message.seed, kernels: message.kernels, threads: message.threads });
            const history = await net.train(message.inputs, message.targets, {
                ...message.options,
                signal: controller.signal,
                onEpochEnd: message.epochEvents ? (info) => post({ type: 'epoch', info }) : undefined,
                onBatchEnd: message.batchEvents ? (info) => post({ type: 'batch', info }) : undefined,
            });
            post({ type: 'done', history, model: net.toJSON() });
            net.dispose();
        }
        catch (e) {
            const error = e;
            post({ type: 'error', name: error?.name, message: String(error?.message ?? e), code: e instanceof DeltapropError ? e.code : undefined, details: e instanceof DeltapropError ? e.details : undefined });
        }
    });
}
//# sourceMappingURL=serve.js.map