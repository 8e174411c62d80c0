// Ordering and naming helpers of the plan compiler (pure).

/** Names in dependency order (dependencies first), ties alphabetical; a cycle is broken by name. */
export function topologicalOrder(names: readonly string[], dependsOn: (name: string) => readonly string[]): string[] {
  const pending = new Set(names);
  const done: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((n) => dependsOn(n).every((d) => !pending.has(d) || d === n)).sort();
    for (const n of ready.length > 0 ? ready : [[...pending].sort()[0]!]) {
      pending.delete(n);
      done.push(n);
    }
  }
  return done;
}

/** A step id (plan identifier: lower case, digits, - and _, at most 64) for an action on a table. */
export function stepId(action: string, table: string): string {
  const slug = table.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${action}-${slug}`.slice(0, 64);
}
