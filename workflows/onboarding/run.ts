import { ApplicationFailure } from '@temporalio/workflow';
import { exhaustedMessage, expiredMessage, DASHBOARD_HINT, wrongCodeMessage } from './text';
import type {
  OnboardingInput,
  OnboardingResult,
  OnboardingState,
  OnboardingStatus,
  SignUpStep,
  VerifiedAccount,
  VerifyCodeRequest,
  VerifyCodeResult,
  VerifyStep,
} from './types';

/** The simulator's limit of wrong codes per verification; the real API's is undocumented. */
export const DEFAULT_VERIFY_ATTEMPTS = 5;

/**
 * `otp1.` and the base64url of a 12-byte IV, a 16-byte tag and 6 sealed bytes: the only shape a sealed
 * 6-digit code has. The CLI checks the digits before sealing; this checks what reaches history.
 */
const SEALED_CODE = /^otp1\.[A-Za-z0-9_-]{46}$/;

const FINISHED: ReadonlySet<OnboardingState> = new Set([
  'verified',
  'expired',
  'exhausted',
  'account-exists',
  'failed',
]);

/** The state of one onboarding: where it stands, the pending verification, the wrong codes so far. */
export class OnboardingRun {
  state: OnboardingState = 'signing-up';
  private verificationId: string | undefined;
  private expiresAtMs = 0;
  private wrongAttempts = 0;
  private message = 'Asking AgentPhone to email a code…';
  private account: VerifiedAccount | null = null;
  private readonly maxAttempts: number;

  constructor(private readonly input: OnboardingInput) {
    this.maxAttempts = input.maxAttempts ?? DEFAULT_VERIFY_ATTEMPTS;
  }

  get finished(): boolean {
    return FINISHED.has(this.state);
  }

  /** When the code stops working (workflow time, ms). */
  get codeExpiresAtMs(): number {
    return this.expiresAtMs;
  }

  get status(): OnboardingStatus {
    return {
      state: this.state,
      codeExpiresAt: this.expiresAtMs ? new Date(this.expiresAtMs).toISOString() : null,
      attemptsLeft: Math.max(0, this.maxAttempts - this.wrongAttempts),
      wrongAttempts: this.wrongAttempts,
      message: this.message,
      account: this.account,
    };
  }

  get result(): OnboardingResult {
    const state = this.finished ? (this.state as OnboardingResult['state']) : 'failed';
    return { state, message: this.message, account: this.account };
  }

  /** Records sign-up's answer; `nowMs` is workflow time, for a shortened expiry in tests. */
  signedUp(step: SignUpStep, nowMs: number): void {
    if (step.outcome === 'account-exists') {
      this.finish('account-exists', DASHBOARD_HINT);
      return;
    }
    this.verificationId = step.verificationId;
    const override = this.input.expiresAfterMs;
    this.expiresAtMs =
      override === undefined ? step.expiresAtMs : Math.min(step.expiresAtMs, nowMs + override);
    this.state = 'waiting-for-code';
    this.message = step.message;
  }

  signUpFailed(reason: string): void {
    this.finish('failed', `Sign-up failed: ${reason}`);
  }

  /** The code's lifetime ran out with no verify running. */
  expire(): void {
    this.finish('expired', expiredMessage(new Date(this.expiresAtMs).toISOString()));
  }

  /** The `verify-code` validator: rejected updates never reach history. */
  checkVerify(request: VerifyCodeRequest): void {
    if (typeof request?.sealedCode !== 'string' || !SEALED_CODE.test(request.sealedCode))
      throw new Error('The code must be the 6 digits from the email, sealed by `ringflow verify`.');
    if (this.state === 'signing-up')
      throw new Error('Sign-up has not answered yet; try `ringflow verify` again in a moment.');
    if (this.state === 'verifying') throw new Error('A code is being checked already; wait for its answer.');
    if (this.finished) throw new Error(`This sign-up has ended (${this.state}): ${this.message}`);
  }

  /** The `verify-code` handler: one verify activity, then the answer for the human. */
  async verify(
    request: VerifyCodeRequest,
    verifySignUp: (args: { verificationId: string; sealedCode: string }) => Promise<VerifyStep>,
  ): Promise<VerifyCodeResult> {
    this.state = 'verifying';
    let step: VerifyStep;
    try {
      step = await verifySignUp({ verificationId: this.verificationId!, sealedCode: request.sealedCode });
    } catch (err) {
      this.state = 'waiting-for-code';
      throw ApplicationFailure.create({
        type: 'VerifyFailed',
        message: `AgentPhone could not check the code (${(err as Error).message}); try again.`,
        nonRetryable: true,
      });
    }
    switch (step.outcome) {
      case 'verified':
        this.account = step.account;
        this.finish(
          'verified',
          `Verified: account ${step.account.accountId}, key ${step.account.keyFingerprint}.`,
        );
        return { outcome: 'verified', account: step.account };
      case 'wrong-code': {
        this.wrongAttempts += 1;
        const attemptsLeft = Math.max(0, this.maxAttempts - this.wrongAttempts);
        if (attemptsLeft === 0) {
          this.finish('exhausted', exhaustedMessage);
          return { outcome: 'exhausted', message: exhaustedMessage };
        }
        this.state = 'waiting-for-code';
        this.message = wrongCodeMessage(attemptsLeft) + (step.hint ? ` ${step.hint}` : '');
        return { outcome: 'wrong-code', attemptsLeft, message: this.message };
      }
      case 'expired': {
        this.expire();
        return { outcome: 'expired', message: this.message };
      }
      case 'exhausted':
        this.finish('exhausted', exhaustedMessage);
        return { outcome: 'exhausted', message: exhaustedMessage };
      case 'account-exists':
        this.finish('account-exists', DASHBOARD_HINT);
        return { outcome: 'account-exists', message: DASHBOARD_HINT };
    }
  }

  private finish(state: OnboardingState, message: string): void {
    this.state = state;
    this.message = message;
  }
}
