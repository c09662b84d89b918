import { pino, type Logger } from "pino";

export type { Logger };

/** Creates the process logger; JSON lines on stdout, pretty only when asked for. */
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  return pino({
    level,
    base: { service: "teachers-bot" },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    ...(options.pretty ? { transport: { target: "pino-pretty" } } : {}),
  });
}
