/**
 * Errors of `@dpr/devnet`. Each says whether trying again may help (`retryable`), so a caller such as
 * `npm start` decides from the class, not the message.
 */
export class DevnetError extends Error {
  override name = "DevnetError";
  /** Whether the same call may succeed if tried again (another port, a slower machine). */
  readonly retryable: boolean;
  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

/** The requested port is taken: something already listens there. */
export class PortInUseError extends DevnetError {
  override name = "PortInUseError";
  readonly port: number;
  constructor(port: number, host: string, detail = "something already listens there") {
    super(`cannot start a chain on ${host}:${port}: ${detail}`, { retryable: true });
    this.port = port;
  }
}

/** The node exited before it answered, or did not answer in time. `logTail` holds its last lines of output. */
export class ChainStartError extends DevnetError {
  override name = "ChainStartError";
  readonly logTail: string;
  constructor(message: string, logTail: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(`${message}\n--- last lines of the node's output ---\n${logTail || "(no output)"}`, options);
    this.logTail = logTail;
  }
}

/** Stopping left something behind: a process of the chain's group, or a port that still answers. */
export class ChainStopError extends DevnetError {
  override name = "ChainStopError";
}
