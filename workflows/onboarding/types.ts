/** Types of the onboarding flow: sign-up, the emailed code, verify (issue 11 §1). */

/** What `ringflow signup` starts `onboarding:<emailKey>` with. */
export interface OnboardingInput {
  /** The human's email, as typed (the activity normalises it; the workflow id holds only its keyed hash). */
  email: string;
  /** The starter agent's name (AgentPhone generates one without it). */
  agentName?: string | undefined;
  /** Wrong codes the flow accepts before it stops asking (the simulator's limit; the API's answer wins). */
  maxAttempts?: number | undefined;
  /** Overrides the code's lifetime from the API's `expires_at` (tests; never longer than the API's). */
  expiresAfterMs?: number | undefined;
}

/** Where an onboarding stands. */
export type OnboardingState =
  | 'signing-up'
  | 'waiting-for-code'
  | 'verifying'
  | 'verified'
  | 'expired'
  | 'exhausted'
  | 'account-exists'
  | 'failed';

/** `get-onboarding-status`: what the CLI prints. No code, no key: only the key's fingerprint. */
export interface OnboardingStatus {
  state: OnboardingState;
  /** When the emailed code stops working (ISO), once sign-up answered. */
  codeExpiresAt: string | null;
  /** Wrong codes still allowed. */
  attemptsLeft: number;
  wrongAttempts: number;
  /** The human-readable story of the last step (AgentPhone's hint, or why it stopped). */
  message: string;
  /** Set once verified. */
  account: VerifiedAccount | null;
}

/** The account verify opened. The key itself is only in the credentials file; this is its public name. */
export interface VerifiedAccount {
  accountId: string;
  agentId: string;
  numberId: string;
  /** `keyFingerprint(apiKey)`: first 4 characters and a sha256 prefix. */
  keyFingerprint: string;
  /** Where the worker wrote the key (the CLI reads it from there to show it once). */
  credentialsFile: string;
}

/** The `verify-code` update's argument: the code sealed by the CLI (common/process/one-time-code-seal.ts). */
export interface VerifyCodeRequest {
  sealedCode: string;
}

/** What the `verify-code` update answers. */
export type VerifyCodeResult =
  | { outcome: 'verified'; account: VerifiedAccount }
  | { outcome: 'wrong-code'; attemptsLeft: number; message: string }
  | { outcome: 'expired' | 'exhausted' | 'account-exists'; message: string };

/** What the signUp activity answers: a pending verification, or an existing account (409). */
export type SignUpStep =
  | { outcome: 'code-sent'; verificationId: string; expiresAtMs: number; message: string }
  | { outcome: 'account-exists'; message: string };

/** What the verifySignUp activity answers (the API key stays in the credentials file). */
export type VerifyStep =
  | { outcome: 'verified'; account: VerifiedAccount }
  | {
      outcome: 'wrong-code' | 'expired' | 'exhausted' | 'account-exists';
      message: string;
      /** Said beside the answer: e.g. that an earlier attempt may have opened the account unseen. */
      hint?: string | undefined;
    };

/** What the onboarding workflow returns. */
export interface OnboardingResult {
  state: Exclude<OnboardingState, 'signing-up' | 'waiting-for-code' | 'verifying'>;
  message: string;
  account: VerifiedAccount | null;
}
