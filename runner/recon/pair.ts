// The two sides of a comparison: a connection and the SQL compiled for it. Queries go to both at once.
import type { SideSql } from '../../core/recon/queries.js';
import type { ReadConnection } from '../connectors/connection.js';

export interface Side {
  readonly conn: ReadConnection;
  readonly sql: SideSql;
}

export interface Pair {
  readonly source: Side;
  readonly target: Side;
}

export function both<T>(p: Pair, f: (side: Side) => Promise<T>): Promise<[T, T]> {
  return Promise.all([f(p.source), f(p.target)]);
}

export function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
