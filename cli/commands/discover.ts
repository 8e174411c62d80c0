// `migration-copilot discover`: reads the source's catalog, read-only, into DIR/source_catalog.json
// (schemas, tables, partitions, views with their SQL, columns and types, keys, foreign keys, row
// estimates). DiscoveryAgent (`propose`) turns it into discovery/discovery_report.json.
import { resolve } from 'node:path';
import { parseScope } from '../../core/dialects/catalog/scope.js';
import { URI_FORMS } from '../../runner/connectors/open.js';
import { jsonText, writeFilesAtomic } from '../../runner/discover/output.js';
import { discoverSource } from '../../runner/discover/run.js';
import { parseFlags, requireFlag, type Command } from '../command.js';

export const CATALOG_FILE = 'source_catalog.json';

const command: Command = {
  name: 'discover',
  summary: 'Read the source catalog (read-only) into DIR/source_catalog.json for the agents.',
  usage: '  migration-copilot discover --source URI --out DIR [--scope SCHEMA.TABLE,...]\n' +
    `    URIs: ${URI_FORMS}\n` +
    '    --scope  schema.table patterns, * matching any name (default: every user schema)',
  async run(args, io) {
    const { values } = parseFlags(this, args, { source: { type: 'string' }, out: { type: 'string' }, scope: { type: 'string' } });
    const uri = requireFlag(this, values.source, 'source');
    const out = resolve(io.cwd, requireFlag(this, values.out, 'out'));
    const catalog = await discoverSource({ uri, env: io.env, scope: parseScope(values.scope ?? ''), capturedAt: new Date().toISOString() });
    await writeFilesAtomic(out, [{ path: CATALOG_FILE, content: jsonText(catalog) }]);
    const kinds = new Map<string, number>();
    for (const r of catalog.relations) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    io.stderr.write(`discover: ${catalog.engine} ${catalog.engine_version}: ${catalog.schemas.length} schemas, ` +
      `${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}; wrote ${CATALOG_FILE}\n`);
    return 0;
  },
};

export default command;
