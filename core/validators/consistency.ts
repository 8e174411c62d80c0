// Cross-file agreement: the plan, the mapping and the project describe the same migration, and every
// connection the project names exists in .migration/config.yml with the same engine.
import type { Finding } from '../schema/finding.js';
import { REPO_PATHS } from '../repo/paths.js';
import type { MigrationContext } from '../repo/context.js';
import { findingAt } from './finding.js';

export function consistencyFindings(ctx: MigrationContext): Finding[] {
  const out: Finding[] = [];
  const project = ctx.project?.value;
  const plan = ctx.plan?.value;
  const mapping = ctx.mapping?.value;
  const config = ctx.config?.value;
  const P = REPO_PATHS.plan;
  const differ = (path: string, ptr: string, what: string, got: string, want: string, from: string) =>
    out.push(findingAt(ctx, path, ptr, 'schema/consistency', `${what} is "${got}" but ${from} says "${want}"; make them agree`));

  if (project && plan) {
    if (plan.project_id !== project.project_id) differ(P, '/project_id', 'project_id', plan.project_id, project.project_id, 'project.json');
    if (plan.archetype_id !== project.archetype_id) differ(P, '/archetype_id', 'archetype_id', plan.archetype_id, project.archetype_id, 'project.json');
    for (const side of ['source', 'target'] as const) {
      if (plan[side].engine !== project[side].engine) differ(P, `/${side}/engine`, `${side} engine`, plan[side].engine, project[side].engine, 'project.json');
      if (plan[side].connection !== project[side].connection) differ(P, `/${side}/connection`, `${side} connection`, plan[side].connection, project[side].connection, 'project.json');
    }
  }
  const engines = plan ?? project;
  if (mapping && engines) {
    const from = plan ? P : REPO_PATHS.project;
    if (mapping.source_engine !== engines.source.engine) differ(REPO_PATHS.mapping, '/source_engine', 'source_engine', mapping.source_engine, engines.source.engine, from);
    if (mapping.target_engine !== engines.target.engine) differ(REPO_PATHS.mapping, '/target_engine', 'target_engine', mapping.target_engine, engines.target.engine, from);
  }
  if (project && config) {
    for (const side of ['source', 'target'] as const) {
      const name = project[side].connection;
      const conn = config.connections[name];
      if (!conn) {
        out.push(findingAt(ctx, REPO_PATHS.project, `/${side}/connection`, 'schema/consistency',
          `connection "${name}" is not defined in ${REPO_PATHS.config}; add it under connections`));
      } else if (conn.engine !== project[side].engine) {
        differ(REPO_PATHS.config, `/connections/${name}/engine`, `connection "${name}" engine`, conn.engine, project[side].engine, 'project.json');
      }
    }
  }
  return out;
}
