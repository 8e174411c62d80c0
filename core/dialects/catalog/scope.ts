// Scope patterns (project.json "scope", `--scope`): schema.table with * matching any name, or a bare
// schema meaning all of its tables. Pure; shared by discovery, profiling and the agents.

function part(pattern: string, value: string): boolean {
  return pattern === '*' || pattern === value;
}

/** Whether schema.name falls in any of the patterns; no patterns means everything. */
export function inScope(schema: string, name: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => {
    const [s, t] = p.split('.');
    return part(s ?? '*', schema) && part(t ?? '*', name);
  });
}

/**
 * The schemas the patterns can match, when every pattern names its schema (no `*` there): a catalog query can
 * then read those schemas only instead of every schema on the server. Null means any schema may match.
 */
export function scopeSchemas(patterns: readonly string[]): string[] | null {
  if (patterns.length === 0) return null;
  const schemas = patterns.map((p) => p.split('.')[0] ?? '*');
  return schemas.includes('*') ? null : [...new Set(schemas)].sort();
}

/** Splits `a.*,b.c` into patterns; throws nothing, drops blanks. */
export function parseScope(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
