#!/usr/bin/env node
// ringflow's command line. The sources are TypeScript run through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../client/cli.ts');
process.exitCode = await run(process.argv.slice(2));
