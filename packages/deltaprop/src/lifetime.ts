/**
 * A network's lifetime around its training.
 *
 * While a network trains (train() awaiting between slices, or trainInWorker), it has
 * an Activity: a second training and setParameters throw BUSY; reading it (predict,
 * getParameters, toJSON, gradients) is allowed. dispose() during training marks the
 * activity: the training stops at its next check (after a callback, or after each
 * slice), rolls back, rejects with DISPOSED, and only then is the memory freed, so a
 * network created in the meantime can never be handed blocks the training still
 * writes to.
 *
 * A network that is dropped without dispose() gives its WebAssembly memory back
 * when it is garbage-collected (a FinalizationRegistry); dispose() frees it at once
 * and unregisters it.
 */
import type { Backend } from './backend.js';
import { DeltapropError } from './errors.js';

export type ActivityKind = 'train' | 'trainInWorker';

export class Activity {
  disposed = false;
  private onDispose: (() => void) | null = null;

  /** `ended`: what the network does when the training has stopped (clear its activity; free its memory if disposed). */
  constructor(
    readonly kind: ActivityKind,
    private readonly ended: (activity: Activity) => void,
  ) {}

  /**
   * Called by the training as the last thing it does, in the same turn: a training
   * that ran without awaiting leaves the network free before its promise settles.
   */
  end(): void {
    this.ended(this);
  }

  /** What to do at once when dispose() is called (a worker is stopped; a loop on this thread checks instead). */
  whenDisposed(stop: () => void): void {
    this.onDispose = stop;
  }

  /** Called by dispose(). */
  dispose(): void {
    this.disposed = true;
    this.onDispose?.();
  }

  /** Throws DISPOSED once dispose() was called: the training stops here. */
  check(): void {
    if (this.disposed) throw disposedWhileTraining(this.kind);
  }
}

export function disposedWhileTraining(kind: ActivityKind): DeltapropError {
  return new DeltapropError('DISPOSED', `the network was disposed while it trained; ${kind}() stopped and its memory was freed`, { during: kind });
}

export function busy(activity: Activity, call: string): DeltapropError {
  return new DeltapropError(
    'BUSY',
    `${call} cannot run while this network is training (${activity.kind}() is in progress); await that call first, or stop it with its signal`,
    { during: activity.kind, call },
  );
}

// Held values are the backends (never the networks: that would keep them alive).
const finalizer = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<Backend>((backend) => backend.dispose()) : null;

/** Frees `backend` when `owner` is garbage-collected, unless release(owner) came first. */
export function watch(owner: object, backend: Backend): void {
  finalizer?.register(owner, backend, owner);
}

export function release(owner: object): void {
  finalizer?.unregister(owner);
}
