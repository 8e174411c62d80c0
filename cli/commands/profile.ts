// `migration-copilot profile`: profiles the source's tables inside the engine, read-only, into
// DIR/source_profile.json (counts, nulls, distinct values, min/max, lengths, patterns, samples with
// personal data masked by the policy). Uses DIR/source_catalog.json when `discover` wrote one.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseScope } from '../../core/dialects/catalog/scope.js';
import { CopilotError } from '../../core/errors.js';
import { DEFAULT_POLICY, parsePolicy } from '../../core/policy/index.js';
import { parseJson, validateDocument } from '../../core/schema/index.js';
import type { SourceCatalog } from '../../core/types/generated.js';
import { URI_FORMS } from '../../runner/connectors/open.js';
import { jsonText, writeFilesAtomic } from '../../runner/discover/output.js';
import { profileSourceAt } from '../../runner/discover/run.js';
import { parseFlags, requireFlag, type Command } from '../command.js';
import { readInput } from '../read-input.js';
import { CATALOG_FILE } from './discover.js';

export const PROFILE_FILE = 'source_profile.json';

async function catalogIn(cwd: string, dir: string): Promise<SourceCatalog | undefined> {
  const path = join(dir, CATALOG_FILE);
  if (!existsSync(path)) return undefined;
  const doc = parseJson(await readInput(cwd, path, { what: 'catalog', hint: 'run discover first' }), path);
  const findings = doc.findings.length > 0 ? doc.findings : validateDocument('source_catalog', doc.value, { file: path, lines: doc.lines });
  if (findings.length > 0) {
    const f = findings[0]!;
    throw new CopilotError('SCHEMA_INVALID', `${f.path}:${f.line}: ${f.message}`, { hint: 'run discover again to rewrite it' });
  }
  return doc.value as SourceCatalog;
}

function positiveInt(cmd: Command, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,9}$/.test(value)) throw new CopilotError('USAGE', `${cmd.name}: --${flag} must be a whole number`, { hint: `usage:\n${cmd.usage}` });
  return Number(value);
}

const command: Command = {
  name: 'profile',
  summary: 'Profile the source tables (read-only) into DIR/source_profile.json, personal data masked.',
  usage: '  migration-copilot profile --source URI --out DIR [--scope SCHEMA.TABLE,...] [--policy FILE] [--max-rows N] [--samples N]\n' +
    `    URIs: ${URI_FORMS}\n` +
    '    --policy    pii rules for masking samples (default policies/policy.json)\n' +
    '    --max-rows  tables above N rows are profiled on a deterministic hash sample of the key (default 1000000)\n' +
    '    --samples   sample values kept per column, masked (default 3; 0 keeps none)',
  async run(args, io) {
    const { values } = parseFlags(this, args, {
      source: { type: 'string' }, out: { type: 'string' }, scope: { type: 'string' }, policy: { type: 'string' },
      'max-rows': { type: 'string' }, samples: { type: 'string' },
    });
    const uri = requireFlag(this, values.source, 'source');
    const outFlag = requireFlag(this, values.out, 'out');
    const out = resolve(io.cwd, outFlag);
    const policy = values.policy === undefined ? DEFAULT_POLICY
      : parsePolicy(await readInput(io.cwd, values.policy, { what: 'policy', hint: 'pass an existing policy file to --policy' }), values.policy);
    const maxRows = positiveInt(this, 'max-rows', values['max-rows']);
    const samples = positiveInt(this, 'samples', values.samples);
    const catalog = await catalogIn(io.cwd, out);
    const { profile } = await profileSourceAt({
      uri, env: io.env, scope: parseScope(values.scope ?? ''), capturedAt: new Date().toISOString(), policy,
      ...(catalog ? { catalog } : {}), ...(maxRows !== undefined ? { maxRows: Math.max(1, maxRows) } : {}),
      ...(samples !== undefined ? { sampleValues: samples } : {}),
    });
    await writeFilesAtomic(out, [{ path: PROFILE_FILE, content: jsonText(profile) }]);
    const sampled = profile.tables.filter((t) => t.profiled_rows < t.row_count).length;
    io.stderr.write(`profile: ${profile.tables.length} tables, ${profile.tables.reduce((s, t) => s + t.row_count, 0)} rows` +
      `${sampled > 0 ? ` (${sampled} on a hash sample)` : ''}; wrote ${PROFILE_FILE}\n`);
    return 0;
  },
};

export default command;
