// A recording proxy between the app and the simulator: the app is pointed at it (GHE_HOST), every REST
// request it makes is forwarded unchanged and recorded with its method, path and query, status and time.
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  /** Path and query, without the GHE /api/v3 prefix. */
  readonly url: string;
  readonly status: number;
  readonly at: number;
}

export interface Recorder {
  readonly host: string;
  readonly log: Recorded[];
  close(): Promise<void>;
}

export async function startRecorder(target: string): Promise<Recorder> {
  const log: Recorded[] = [];
  // Kept-alive connections to the simulator: a new one per forwarded request cost the benchmark's own
  // process (billed to the simulator's CPU figure) a TCP handshake per call of the app.
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((req, res) => {
    const out = request(new URL(req.url ?? '/', target), { agent, method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => log.push({ method: req.method ?? 'GET', url: (req.url ?? '').replace(/^\/api\/v3/, ''), status: answer.statusCode ?? 0, at: performance.now() }));
    });
    out.on('error', () => { res.statusCode = 502; res.end(); });
    req.pipe(out);
  });
  // As the simulator does: long enough that the app's HTTP client keeps its connections (see playground/index.ts).
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () => new Promise<void>((r) => { agent.destroy(); server.closeAllConnections(); server.close(() => r()); }),
  };
}
