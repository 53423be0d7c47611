/**
 * Training progress on standard error (standard output carries the results, so that
 * `deltaprop train … > summary.txt` and `--json` stay clean): a live bar from
 * cli-progress when standard error is a terminal, one plain line per epoch when it is
 * not (a log file, CI), one JSON object per line with `--json`, nothing with `--quiet`.
 */
import cliProgress from 'cli-progress';

export interface EpochFigures {
  epoch: number;
  loss: number;
  valLoss?: number;
  accuracy?: number;
  valAccuracy?: number;
}

export type ProgressMode = 'bar' | 'lines' | 'json' | 'none';

export interface Progress {
  epoch(figures: EpochFigures): void;
  /** Ends the display (the bar's line is kept); safe to call twice. */
  stop(): void;
}

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function progressMode(stream: Stream, { json, quiet }: { json?: boolean; quiet?: boolean }): ProgressMode {
  if (quiet) return 'none';
  if (stream.isTTY) return 'bar';
  return json ? 'json' : 'lines';
}

const fixed = (v: number | undefined, digits = 4) => (v === undefined ? '–' : v.toPrecision(digits));
const percent = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/** Seconds as "42 s", "3 min 5 s", "1 h 2 min". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** One line of figures for an epoch, as the plain display prints it. */
export function epochLine(f: EpochFigures, epochs: number, secondsLeft: number): string {
  const width = String(epochs).length;
  let line = `epoch ${String(f.epoch).padStart(width)}/${epochs}  loss ${fixed(f.loss)}`;
  if (f.accuracy !== undefined) line += `  accuracy ${percent(f.accuracy)}`;
  if (f.valLoss !== undefined) line += `  val loss ${fixed(f.valLoss)}`;
  if (f.valAccuracy !== undefined) line += `  val accuracy ${percent(f.valAccuracy)}`;
  return `${line}  ${duration(secondsLeft)} left`;
}

export interface ProgressOptions {
  /** Show validation accuracy in the bar (classification). Default true. */
  accuracy?: boolean;
  now?: () => number;
}

export function createProgress(
  mode: ProgressMode,
  stream: Stream,
  epochs: number,
  { accuracy = true, now = () => performance.now() }: ProgressOptions = {},
): Progress {
  const started = now();
  const left = (epoch: number) => ((now() - started) / 1000 / epoch) * (epochs - epoch);
  switch (mode) {
    case 'none':
      return { epoch() {}, stop() {} };
    case 'lines':
      return {
        epoch(f) {
          stream.write(`${epochLine(f, epochs, left(f.epoch))}\n`);
        },
        stop() {},
      };
    case 'json':
      return {
        epoch(f) {
          stream.write(`${JSON.stringify({ event: 'epoch', epochs, ...f, secondsLeft: Math.round(left(f.epoch) * 10) / 10 })}\n`);
        },
        stop() {},
      };
    case 'bar': {
      const bar = new cliProgress.SingleBar(
        {
          format: `epoch {value}/{total} {bar} loss {loss} · val loss {valLoss}${accuracy ? ' · val accuracy {valAccuracy}' : ''} · {left} left`,
          barsize: 24,
          hideCursor: true,
          stream: stream as NodeJS.WritableStream,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(epochs, 0, { loss: '–', valLoss: '–', valAccuracy: '–', left: '–' });
      let stopped = false;
      return {
        epoch(f) {
          bar.update(f.epoch, { loss: fixed(f.loss), valLoss: fixed(f.valLoss), valAccuracy: percent(f.valAccuracy), left: duration(left(f.epoch)) });
        },
        stop() {
          if (stopped) return;
          stopped = true;
          bar.stop();
        },
      };
    }
  }
}
