// A chunk's CSV spooled to a local file, streamed (never held in memory): what DuckDB's read_csv loads,
// and what lets the copy step read the next chunk from the source while the current one is written.
import { open } from 'node:fs/promises';

/** Writes every buffer to `file` (created or truncated); returns the bytes written. */
export async function spoolCsv(chunks: AsyncIterable<Buffer>, file: string): Promise<number> {
  const fh = await open(file, 'w');
  let bytes = 0;
  try {
    for await (const c of chunks) {
      if (c.length === 0) continue;
      for (let off = 0; off < c.length;) off += (await fh.write(c, off)).bytesWritten;
      bytes += c.length;
    }
  } finally {
    await fh.close();
  }
  return bytes;
}
