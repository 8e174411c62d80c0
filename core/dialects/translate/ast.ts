// The few shapes of node-sql-parser's AST the translator reads and writes.

export type Node = Record<string, unknown>;

export function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
  } else if (node !== null && typeof node === 'object') {
    visit(node as Node);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** Like walk, without entering the nodes `skip` says to leave (their children are not visited either). */
export function walkUnless(node: unknown, skip: (n: Node) => boolean, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walkUnless(x, skip, visit);
  } else if (node !== null && typeof node === 'object') {
    if (skip(node as Node)) return;
    visit(node as Node);
    for (const v of Object.values(node)) walkUnless(v, skip, visit);
  }
}

export function functionName(n: Node): string | undefined {
  if (n.type === 'aggr_func' && typeof n.name === 'string') return n.name.toLowerCase();
  if (n.type === 'function') {
    const name = n.name as { name?: { value?: string }[] } | string | undefined;
    if (typeof name === 'string') return name.toLowerCase();
    const parts = name?.name?.map((p) => p.value ?? '').filter((p) => p !== '');
    return parts && parts.length > 0 ? parts.join('.').toLowerCase() : undefined;
  }
  return undefined;
}

export function setFunctionName(n: Node, name: string): void {
  n.name = { name: [{ type: 'default', value: name }] };
}

/** `table.column` (or `column`) of a column reference, as written. */
export function columnText(n: Node): string {
  const part = (x: unknown): string => (typeof x === 'string' ? x : x && typeof x === 'object'
    ? String((x as { value?: unknown; expr?: { value?: unknown } }).value ?? (x as { expr?: { value?: unknown } }).expr?.value ?? '') : '');
  const table = part(n.table);
  return table ? `${table}.${part(n.column)}` : part(n.column);
}

/** The items of a GROUP BY, whichever form the dialect's parser gives it. */
export function groupByItems(select: Node): Node[] {
  const g = select.groupby as Node[] | { columns?: Node[] } | null | undefined;
  if (!g) return [];
  return Array.isArray(g) ? g : g.columns ?? [];
}
