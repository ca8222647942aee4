/** The words the onboarding flow says to the human. */

export const DASHBOARD_HINT =
  'This email already has an AgentPhone account. Create an API key in the AgentPhone dashboard ' +
  '(Settings → API keys), then store it with `ringflow login --api-key-stdin` (paste it on stdin).';

export const START_AGAIN = 'Start again with `ringflow signup --email <your email>` for a new code.';

export const expiredMessage = (expiresAt: string) => `The code expired at ${expiresAt}. ${START_AGAIN}`;

export const exhaustedMessage = 'Too many wrong codes for this sign-up. ' + START_AGAIN;

export const wrongCodeMessage = (attemptsLeft: number) =>
  `That code is not the one we emailed. ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left: ` +
  'run `ringflow verify --code <6 digits>` again.';
