/**
 * The headless Chromium that page tests and the benchmark chart drive through playwright-core: Debian's
 * package (`scripts/install-chromium`), kept off the network, since every page it renders is inline and
 * without these flags it keeps trying hosts this machine cannot reach.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
