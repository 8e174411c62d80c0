// Benchmarks by name: `npm run bench -- recon --rows N`, `npm run bench -- app [--repos N]`. Each prints its figures with their ratios to a
// baseline measured in the same run, and writes bench/results/<name>.json.
const BENCHES: Record<string, () => Promise<{ main(args: string[]): Promise<number> }>> = {
  load: () => import('./load/main.js'),
  'load-cpu': () => import('./load/cpu.js'),
  app: () => import('./app/main.js'),
  recon: () => import('./recon/main.js'),
  'recon-generate': () => import('./recon/generate.js'),
};

const [name, ...rest] = process.argv.slice(2);
const load = name === undefined ? undefined : BENCHES[name];
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]`);
  process.exitCode = 2;
} else {
  process.exitCode = await (await load()).main(rest);
}
