// MySQL (and MariaDB) forms with an exact PostgreSQL equivalent, and the MySQL semantics that have none.
//
// Rewritten: CONCAT(a, b, ...) as textcat(textcat(a, b), ...), NULL when any argument is NULL as in
// MySQL, and, textcat taking text only, a non-string argument fails when the view is prepared instead
// of being converted with PostgreSQL's formatting; IF(c, x, y) as CASE WHEN c THEN x ELSE y END, c
// compared with 0 when it is not a condition (MySQL's truth of a number; a string operand fails to
// prepare in PostgreSQL instead of being read as a number).
//
// Reasons: GROUP_CONCAT (cut at group_concat_max_len, order undefined without ORDER BY); a selected
// column that is neither grouped nor aggregated (MySQL returns any row's value).
//
// Not a reason here: MySQL compares, groups and sorts strings by the column's collation (case- and
// accent-insensitive by default) where PostgreSQL compares exact values. Whether that changes a view's
// rows depends on the data (values differing only in case), which the translator cannot see; the
// proof by execution (`rewrite prove`) runs the view on both engines over the same rows and makes any
// difference a decision with the differing rows.
import { columnText, functionName, groupByItems, setFunctionName, walk, walkUnless, type Node } from './ast.js';

export const MYSQL_REWRITTEN: ReadonlySet<string> = new Set(['concat', 'if']);

const CONDITION_OPERATORS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', 'AND', 'OR', 'IS', 'IS NOT', 'LIKE', 'NOT LIKE', 'IN', 'NOT IN', 'BETWEEN', 'NOT BETWEEN']);

function args(n: Node): Node[] {
  return ((n.args as { value?: Node[] } | undefined)?.value ?? []);
}

/** Reasons a MySQL query has no exact PostgreSQL form; `engine` names the source in them. */
export function mysqlReasons(select: Node, engine: string): string[] {
  const reasons = new Set<string>();
  walk(select, (n) => {
    const fn = functionName(n);
    if (fn === 'group_concat') {
      reasons.add(`GROUP_CONCAT(): ${engine} cuts the result at group_concat_max_len (1024 bytes by default) and concatenates in no defined order without ORDER BY inside it; ` +
        'string_agg neither cuts nor promises that order, so a person chooses the form');
    }
    if ((fn === 'concat' || fn === 'if') && args(n).length !== (fn === 'if' ? 3 : Math.max(2, args(n).length))) reasons.add(`${fn.toUpperCase()}() with ${args(n).length} argument(s) is not translated`);
  });
  walk(select, (n) => {
    if (n.type !== 'select' || groupByItems(n).length === 0) return;
    const grouped = groupByItems(n).filter((g) => g.type === 'column_ref').map((g) => columnText(g).toLowerCase());
    const name = (t: string) => t.slice(t.lastIndexOf('.') + 1);
    const free = new Set<string>();
    walkUnless(n.columns, (x) => x.type === 'aggr_func' || functionName(x) === 'group_concat' || (x !== n && x.type === 'select'), (x) => {
      if (x.type !== 'column_ref') return;
      const ref = columnText(x).toLowerCase();
      const ok = grouped.some((g) => g === ref || ((!g.includes('.') || !ref.includes('.')) && name(g) === name(ref)));
      if (!ok) free.add(columnText(x));
    });
    if (free.size > 0) {
      reasons.add(`selected columns neither grouped nor aggregated (${[...free].join(', ')}): unless they depend on the grouped key, ${engine} returns the value of any row of the group, and PostgreSQL accepts only columns of a table whose primary key is grouped`);
    }
  });
  return [...reasons];
}

export function rewriteMysql(ast: unknown): void {
  walk(ast, (n) => {
    const fn = functionName(n);
    if (fn === 'concat') {
      const [first, ...rest] = args(n);
      const folded = rest.reduce<Node>((acc, a) => ({ type: 'function', name: { name: [{ type: 'default', value: 'textcat' }] }, args: { type: 'expr_list', value: [acc, a] } }), first!);
      setFunctionName(n, 'textcat');
      n.args = folded.args;
    } else if (fn === 'if') {
      const [cond, then, otherwise] = args(n) as [Node, Node, Node];
      const isCondition = cond.type === 'binary_expr' && CONDITION_OPERATORS.has(String(cond.operator).toUpperCase());
      const when = isCondition ? cond : { type: 'binary_expr', operator: '<>', left: cond, right: { type: 'number', value: 0 } };
      for (const k of Object.keys(n)) delete n[k];
      Object.assign(n, { type: 'case', expr: null, args: [{ type: 'when', cond: when, result: then }, { type: 'else', result: otherwise }] });
    }
  });
}
