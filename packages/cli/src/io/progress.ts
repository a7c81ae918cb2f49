import type { SingleBar } from "cli-progress";

/**
 * Progress on stderr, for long work: a bar for hashing and manifests, a status line for transactions.
 * Shown only when stderr is a terminal and neither `--quiet` nor `--json` asked for silence, so it never
 * mixes with results on stdout or fills logs.
 */
export interface Progress {
  /** A bar from 0 to `total`; `format` is "bytes" or "files". */
  bar(label: string, total: number, unit: "bytes" | "files"): ProgressBar;
  /** A spinning status line, e.g. while a transaction is mined. */
  status(text: string): StatusLine;
}

export interface ProgressBar {
  update(value: number, total?: number): void;
  stop(): void;
}

export interface StatusLine {
  update(text: string): void;
  stop(): void;
}

const noBar: ProgressBar = { update() {}, stop() {} };
const noStatus: StatusLine = { update() {}, stop() {} };

export interface ProgressOptions {
  quiet?: boolean | undefined;
  json?: boolean | undefined;
  /** Where to draw (default: process.stderr); nothing is drawn unless it is a terminal. */
  stream?: { write(chunk: string): unknown; isTTY?: boolean } | undefined;
}

export function progressEnabled(options: ProgressOptions): boolean {
  const stream = options.stream ?? process.stderr;
  return Boolean(stream.isTTY) && !options.quiet && !options.json;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export async function createProgress(options: ProgressOptions): Promise<Progress> {
  if (!progressEnabled(options)) return { bar: () => noBar, status: () => noStatus };
  const { default: cliProgress } = await import("cli-progress");
  const stream = (options.stream ?? process.stderr) as NodeJS.WriteStream;
  return {
    bar(label, total, unit) {
      const bar: SingleBar = new cliProgress.SingleBar(
        {
          stream,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
          format: (options, params) => {
            const width = options.barsize ?? 30;
            const filled = Math.round(params.progress * width);
            const shown =
              unit === "bytes" ? `${formatBytes(params.value)} / ${formatBytes(params.total)}` : `${params.value} / ${params.total} files`;
            const eta = params.eta > 0 && Number.isFinite(params.eta) ? ` eta ${params.eta}s` : "";
            return `${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${Math.floor(params.progress * 100)}% ${shown}${eta}`;
          },
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return {
        update(value, newTotal) {
          if (newTotal !== undefined) bar.setTotal(newTotal);
          bar.update(value);
        },
        stop() {
          bar.stop();
        },
      };
    },
    status(initial) {
      const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
      let text = initial;
      let frame = 0;
      const draw = () => stream.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${text}`);
      draw();
      const timer = setInterval(draw, 100);
      timer.unref();
      return {
        update(next) {
          text = next;
          draw();
        },
        stop() {
          clearInterval(timer);
          stream.write("\r\x1b[2K");
        },
      };
    },
  };
}
