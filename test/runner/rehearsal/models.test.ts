// modelForDuckdb: a model view written for the plan's target, as the rehearsal's scratch DuckDB runs it.
import { describe, expect, it } from 'vitest';
import { modelForDuckdb } from '../../../runner/rehearsal/models.js';

describe('modelForDuckdb', () => {
  it('translates the RewriteAgent\'s form from PostgreSQL, keeping the view\'s quoted name', () => {
    const r = modelForDuckdb('-- models/sales/v.sql\nCREATE OR REPLACE VIEW "sales"."v.x" AS\nSELECT id, note FROM sales.orders ORDER BY note DESC;\n', 'postgres');
    expect(r.reasons).toBeUndefined();
    expect(r.sql).toMatch(/^CREATE OR REPLACE VIEW "sales"\."v\.x" AS\n/);
    // PostgreSQL puts NULLs first in a descending order, DuckDB last: the translation says so.
    expect(r.sql).toMatch(/DESC NULLS FIRST/);
  });

  it('reads a backquoted name; a MySQL model is not rehearsed, since no MySQL to DuckDB translation is known exact', () => {
    const sql = 'CREATE VIEW `shop`.`big` AS SELECT id FROM shop.orders WHERE id > 10';
    expect(modelForDuckdb(sql, 'postgres').sql).toBe('CREATE OR REPLACE VIEW "shop"."big" AS\nSELECT id FROM "shop"."orders" WHERE id > 10');
    expect(modelForDuckdb(sql, 'mysql')).toEqual({ reasons: ['no translation from mysql to duckdb is known to be exact'] });
  });

  it('gives the translator\'s reasons for a form it leaves to people', () => {
    const r = modelForDuckdb('CREATE VIEW s.t AS SELECT id, string_agg(t, \',\') FROM s.a GROUP BY id;', 'postgres');
    expect(r.sql).toBeUndefined();
    expect(r.reasons!.join(' ')).toContain('string_agg');
  });

  it('does not rehearse a model that is not one CREATE VIEW', () => {
    expect(modelForDuckdb('INSERT INTO s.t SELECT 1;', 'postgres').reasons).toEqual(['the model is not one CREATE VIEW ... AS SELECT statement, the form a rehearsal can translate']);
    expect(modelForDuckdb('CREATE TABLE s.t AS SELECT 1;', 'postgres').sql).toBeUndefined();
  });
});
