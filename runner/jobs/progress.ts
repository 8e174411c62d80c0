// What a run tells the person or the log watching it: on a terminal, one line per step rewritten in
// place (rows, rows/s, ETA); otherwise pino JSON lines (one per event) on stderr. Nothing here ever
// receives a connection string: only step ids, table names, counts and redacted messages.
import pino from 'pino';

export interface Progress {
  event(msg: string, fields?: Record<string, unknown>): void;
  /** Rows loaded so far in a step, of an estimated total. */
  rows(step: string, done: number, estimate: number | undefined, startedAt: number): void;
  stepDone(step: string, summary: string): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function terminalProgress(out: NodeJS.WritableStream, now: () => number = Date.now): Progress {
  let open = false;
  const line = (s: string) => { out.write(`\r\x1b[2K${s}`); open = true; };
  const end = () => { if (open) out.write('\n'); open = false; };
  return {
    event(msg) { end(); out.write(`${msg}\n`); },
    rows(step, done, estimate, startedAt) {
      const secs = Math.max(0.001, (now() - startedAt) / 1000);
      const rate = done / secs;
      const eta = estimate && rate > 0 && estimate > done ? `, ETA ${Math.ceil((estimate - done) / rate)}s` : '';
      line(`${step}: ${fmt(done)}${estimate ? ` / ${fmt(estimate)}` : ''} rows, ${fmt(rate)} rows/s${eta}`);
    },
    stepDone(step, summary) { end(); out.write(`${step}: ${summary}\n`); },
    warn(msg) { end(); out.write(`warning: ${msg}\n`); },
  };
}

export function jsonProgress(fd = 2, now: () => number = Date.now): Progress {
  const log = pino({ base: { pid: process.pid }, messageKey: 'msg' }, pino.destination({ fd, sync: true }));
  return {
    event(msg, fields = {}) { log.info(fields, msg); },
    rows(step, done, estimate, startedAt) {
      const secs = Math.max(0.001, (now() - startedAt) / 1000);
      log.info({ step, rows: done, estimate, rows_per_s: Math.round(done / secs) }, 'progress');
    },
    stepDone(step, summary) { log.info({ step }, summary); },
    warn(msg, fields = {}) { log.warn(fields, msg); },
  };
}
