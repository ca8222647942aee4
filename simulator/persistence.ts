import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { SimState } from './state';

const FILE = 'simulator-state.json';
const DEBOUNCE_MS = 200;

/** Reads the snapshot in `dataDir`, or undefined when there is none yet. */
export async function loadSnapshot(dataDir: string): Promise<SimState | undefined> {
  try {
    const state = JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as SimState;
    if (state.version !== 1)
      throw new Error(`unsupported simulator snapshot version ${String(state.version)}`);
    return state;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes the state as one JSON file, debounced after changes and once more on close. Each write goes
 * to a temporary file first and is renamed over the old one, so a crash never leaves half a file.
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly current: () => SimState,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Writes now (after any write in progress). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      await mkdir(this.dataDir, { recursive: true });
      const target = join(this.dataDir, FILE);
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(this.current()));
      await rename(temporary, target);
    });
    return this.writing;
  }
}
