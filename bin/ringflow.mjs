#!/usr/bin/env node
// ringflow's command line. The sources are TypeScript run through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
// `ringflow --help | head`: a reader that stops early is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { run } = await import('../client/cli.ts');
process.exitCode = await run(process.argv.slice(2));
