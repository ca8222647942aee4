/**
 * The simulator as a process of its own for the scale benchmark, so its CPU and memory are measured
 * apart from the worker's: `node --import tsx bench/scale/simulator-process.ts '<SimulatorOptions JSON>'`.
 * Prints `{"baseUrl", "account"}` as one line on stdout; SIGTERM stops it.
 */
import { buildSimulator, type SimulatorOptions } from '../../simulator';

const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
const sim = await buildSimulator(options);
const baseUrl = await sim.listen({ port: 0 });
process.stdout.write(`${JSON.stringify({ baseUrl, account: sim.account })}\n`);
process.once('SIGTERM', () => void sim.close().then(() => process.exit(0)));
