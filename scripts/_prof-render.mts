import { checkBrief } from './build.ts';
import { loadConfig } from './lib/config.ts';
import { loadTemplate } from './lib/template.ts';
import { render } from './stages/render.ts';
const cwd = '/work/wt-speed';
const { config } = loadConfig(cwd);
const path = process.argv[2]!;
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  const c = await checkBrief(path, { config, cwd });
  const t1 = performance.now();
  const template = loadTemplate(config.template, { paper: config.paper })!;
  render({ tree: c.tree, meta: c.meta!, file: c.brief.file, dir: c.brief.dir, bibliography: c.bibliography!, template });
  const t2 = performance.now();
  console.log(`check ${Math.round(t1 - t0)} render ${Math.round(t2 - t1)}`, JSON.stringify(c.timings));
}
