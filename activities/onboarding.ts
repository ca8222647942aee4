import { ApplicationFailure, Context } from '@temporalio/activity';
import { APIError, type AgentPhone } from '../agentphone';
import type { Logger } from '../common/process/logger';
import { writeCredentials } from '../common/process/credentials-file';
import { openOneTimeCode } from '../common/process/one-time-code-seal';
import type { SignUpStep, VerifyStep } from '../workflows/onboarding/types';
import { toActivityFailure } from './failures';

/** Where verify puts a new key, and for which API (activities/index.ts `ActivityDeps.onboarding`). */
export interface OnboardingDeps {
  /** RINGFLOW_CREDENTIALS_FILE of the worker: the key is written here, 0600. */
  credentialsFile: string;
  /** The API the worker's client talks to, recorded beside the key. */
  baseUrl: string;
  /** The secret codes are sealed under (RINGFLOW_NUMBER_KEY, shared with the CLI). */
  sealSecret: string;
}

const SIX_DIGITS = /^\d{6}$/;

/** What a refusal on a retried verify may mean (see verifySignUp). */
export const LOST_ANSWER_HINT =
  'This answer came on a retry after an unclear failure: if the code was right, AgentPhone may have ' +
  'opened the account on the earlier attempt and its answer (with the key) was lost. Then ' +
  '`ringflow signup` says the account exists: create a key in the dashboard and store it with ' +
  '`ringflow login --api-key-stdin`.';

/** How a 400 on verify reads: the simulator's codes, else the words of the message. */
function verifyRefusal(err: APIError): VerifyStep['outcome'] | undefined {
  if (err.name === 'ConflictError') return 'account-exists';
  if (err.name !== 'BadRequestError') return undefined;
  const byCode: Record<string, VerifyStep['outcome']> = {
    VERIFICATION_INVALID: 'wrong-code',
    VERIFICATION_EXPIRED: 'expired',
    VERIFICATION_EXHAUSTED: 'exhausted',
  };
  if (err.code && byCode[err.code]) return byCode[err.code];
  const text = `${err.code ?? ''} ${err.message}`.toLowerCase();
  if (text.includes('exhausted') || text.includes('too many')) return 'exhausted';
  if (text.includes('expired')) return 'expired';
  return 'wrong-code';
}

/**
 * Sign-up and verify (spec §2). Verify's answer holds the only plaintext copy of the new API key: it
 * goes straight to the credentials file, and the activity returns its fingerprint (design decision 8).
 */
export function createOnboardingActivities(deps: {
  agentphone: AgentPhone;
  logger: Logger;
  onboarding?: OnboardingDeps | undefined;
}) {
  const settings = () => {
    if (!deps.onboarding)
      throw ApplicationFailure.create({
        type: 'ConfigError',
        message: 'This worker has no credentials file configured (RINGFLOW_CREDENTIALS_FILE).',
        nonRetryable: true,
      });
    return deps.onboarding;
  };
  return {
    /** Asks AgentPhone to email the human a code. A 409 (account exists) is a result, not a failure. */
    async signUp({
      email,
      agentName,
    }: {
      email: string;
      agentName?: string | undefined;
    }): Promise<SignUpStep> {
      try {
        const answer = await deps.agentphone.account.signUp({
          human_email: email.trim().toLowerCase(),
          ...(agentName ? { agent_name: agentName } : {}),
        });
        const expiresAtMs = answer.expires_at ? Date.parse(answer.expires_at) : Date.now() + 10 * 60_000;
        deps.logger.info({ verificationId: answer.verification_id }, 'sign-up code emailed');
        return {
          outcome: 'code-sent',
          verificationId: answer.verification_id,
          expiresAtMs,
          message: 'AgentPhone emailed a 6-digit code. Run `ringflow verify --code <6 digits>`.',
        };
      } catch (err) {
        if (err instanceof APIError && err.name === 'ConflictError')
          return { outcome: 'account-exists', message: err.message };
        throw toActivityFailure(err);
      }
    },

    /** Checks the sealed code; on success writes the key to the credentials file and returns its fingerprint. */
    async verifySignUp({
      verificationId,
      sealedCode,
    }: {
      verificationId: string;
      sealedCode: string;
    }): Promise<VerifyStep> {
      const { credentialsFile, baseUrl, sealSecret } = settings();
      let code: string;
      try {
        code = openOneTimeCode(sealedCode, sealSecret);
      } catch {
        throw ApplicationFailure.create({
          type: 'SealError',
          message:
            'The code was sealed under another RINGFLOW_NUMBER_KEY than this worker has; use the same key in the CLI and the worker.',
          nonRetryable: true,
        });
      }
      if (!SIX_DIGITS.test(code))
        throw ApplicationFailure.create({
          type: 'BadCode',
          message: 'The code is not 6 digits.',
          nonRetryable: true,
        });
      let answer;
      try {
        answer = await deps.agentphone.account.verify({ verification_id: verificationId, otp_code: code });
      } catch (err) {
        const refusal = err instanceof APIError ? verifyRefusal(err) : undefined;
        if (refusal && refusal !== 'verified') {
          // A retry follows an unclear failure (timeout, dropped connection): the earlier attempt may
          // have opened the account, and its one-time key is then lost. The API cannot tell us which.
          const hint =
            refusal === 'wrong-code' && Context.current().info.attempt > 1 ? LOST_ANSWER_HINT : undefined;
          return { outcome: refusal, message: (err as Error).message, hint };
        }
        throw toActivityFailure(err);
      }
      const stored = writeCredentials(credentialsFile, {
        apiKey: answer.api_key,
        baseUrl,
        accountId: answer.account_id,
        agentId: answer.agent_id,
        numberId: answer.number_id,
        phoneNumber: answer.phone_number,
      });
      deps.logger.info(
        { accountId: answer.account_id, keyFingerprint: stored.fingerprint, credentialsFile },
        'verified: API key written to the credentials file',
      );
      return {
        outcome: 'verified',
        account: {
          accountId: answer.account_id,
          agentId: answer.agent_id,
          numberId: answer.number_id,
          keyFingerprint: stored.fingerprint,
          credentialsFile,
        },
      };
    },
  };
}
