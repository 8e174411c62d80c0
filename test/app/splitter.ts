// A webhook splitter for the replica tests: one URL for the simulator, each delivery forwarded (headers and
// body as sent, so signatures still verify) to the next of several app URLs in turn, its answer passed back.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Splitter {
  readonly url: string;
  readonly counts: number[];
  close(): Promise<void>;
}

export async function startSplitter(targets: readonly string[]): Promise<Splitter> {
  let next = 0;
  const counts = targets.map(() => 0);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const i = next++ % targets.length;
      counts[i]!++;
      const target = new URL(req.url ?? '/', targets[i]);
      const out = request(target, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => { res.statusCode = 502; res.end(); });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
