import type { FastifyInstance } from 'fastify';

import { SignUpRequestSchema, VerifyRequestSchema } from '../../agentphone/schemas/requests';
import { toIsoSeconds } from '../clock';
import type { SimContext } from '../context';
import { ApiError } from '../http/errors';
import { parseBody } from '../http/validate';

const DISPOSABLE_DOMAINS = new Set([
  'mailinator.com',
  'guerrillamail.com',
  '10minutemail.com',
  'tempmail.com',
  'yopmail.com',
]);

/**
 * Self sign-up (spec §2): sign-up "emails" a 6-digit code to the outbox; verify provisions account,
 * hosted agent, number and API key in one step.
 */
export function registerSignup(app: FastifyInstance, ctx: () => SimContext): void {
  app.post('/v0/agent/sign-up', async (request) => {
    const { world } = ctx();
    const body = parseBody(SignUpRequestSchema, request.body);
    const email = body.human_email.trim().toLowerCase();
    const domain = email.split('@')[1] ?? '';
    if (DISPOSABLE_DOMAINS.has(domain))
      throw new ApiError(400, 'Disposable email addresses are not accepted', 'VALIDATION_ERROR');
    if (world.state.accounts.some((a) => a.email === email)) {
      throw new ApiError(
        409,
        'An account already exists for this email. Ask the human for an API key from the dashboard.',
        'ACCOUNT_EXISTS',
      );
    }
    const verification = {
      id: world.newId('verification'),
      email,
      agentName: body.agent_name ? body.agent_name.slice(0, 100) : null,
      code: world.random.digits(6),
      expiresAtMs: world.clock.now() + world.limits.otpTtlMs,
      wrongAttempts: 0,
      used: false,
    };
    world.state.verifications.push(verification);
    world.state.outbox.push({
      to: email,
      subject: 'Your AgentPhone verification code',
      text: `Your AgentPhone verification code is ${verification.code}. It expires in 10 minutes.`,
      code: verification.code,
      verificationId: verification.id,
      sentAt: world.clock.isoNow(),
    });
    world.changed();
    return {
      verification_id: verification.id,
      human_email: email,
      expires_at: toIsoSeconds(verification.expiresAtMs),
      message: `We emailed a 6-digit code to ${email}. Ask the human for it, then call POST /v0/agent/verify.`,
    };
  });

  app.post('/v0/agent/verify', async (request) => {
    const { world } = ctx();
    const body = parseBody(VerifyRequestSchema, request.body);
    const verification = world.state.verifications.find((v) => v.id === body.verification_id);
    if (!verification || verification.used)
      throw new ApiError(400, 'Invalid or expired verification', 'VERIFICATION_INVALID');
    if (verification.wrongAttempts >= world.limits.otpAttempts) {
      throw new ApiError(400, 'Too many wrong codes; sign up again', 'VERIFICATION_EXHAUSTED');
    }
    if (world.clock.now() > verification.expiresAtMs)
      throw new ApiError(400, 'Verification code expired; sign up again', 'VERIFICATION_EXPIRED');
    if (body.otp_code.trim() !== verification.code) {
      verification.wrongAttempts += 1;
      world.changed();
      const exhausted = verification.wrongAttempts >= world.limits.otpAttempts;
      throw new ApiError(
        400,
        exhausted ? 'Too many wrong codes; sign up again' : 'Wrong verification code',
        exhausted ? 'VERIFICATION_EXHAUSTED' : 'VERIFICATION_INVALID',
      );
    }
    if (world.state.accounts.some((a) => a.email === verification.email)) {
      throw new ApiError(409, 'An account already exists for this email', 'ACCOUNT_EXISTS');
    }
    verification.used = true;
    const { account, agent, number, apiKey } = world.provisionAccount(
      verification.email,
      verification.agentName,
    );
    return {
      account_id: account.id,
      agent_id: agent.id,
      number_id: number.id,
      phone_number: number.phoneNumber,
      api_key: apiKey,
    };
  });
}
