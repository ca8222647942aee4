import type { HttpClient, RequestOptions } from '../internal/http';
import type { SignUpRequest, VerifyRequest } from '../schemas/requests';
import {
  SignUpResponseSchema,
  UsageSchema,
  VerifyResponseSchema,
  type SignUpResponse,
  type Usage,
  type VerifyResponse,
} from '../schemas/responses';

/** Self-serve sign-up (§2, no API key needed) and the account's usage (§3). */
export class AccountResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Starts sign-up: AgentPhone emails a 6-digit code to the human. Never retried by the client (each
   * attempt sends another email). A 409 (`ConflictError`) means the email already has an account.
   *
   * @example
   * const { verification_id } = await client.account.signUp({ human_email: 'owner@example.com' });
   */
  async signUp(body: SignUpRequest, options?: RequestOptions): Promise<SignUpResponse> {
    return this.http.json(
      { method: 'POST', path: '/v0/agent/sign-up', body, schema: SignUpResponseSchema, auth: 'none' },
      options,
    );
  }

  /**
   * Completes sign-up with the emailed code; creates the account, a hosted agent, a number and the API
   * key (returned once, in `api_key`; the client never logs it). Retried on transient failures with the
   * same code, which the API allows.
   *
   * @example
   * const { api_key, agent_id } = await client.account.verify({ verification_id, otp_code: '123456' });
   */
  async verify(body: VerifyRequest, options?: RequestOptions): Promise<VerifyResponse> {
    return this.http.json(
      {
        method: 'POST',
        path: '/v0/agent/verify',
        body,
        schema: VerifyResponseSchema,
        auth: 'none',
        retry: 'idempotent',
      },
      options,
    );
  }

  /**
   * Plan, number allowance and traffic counters (`GET /v1/usage`).
   *
   * @example
   * const { numbers } = await client.account.usage(); // { used, limit, remaining }
   */
  async usage(options?: RequestOptions): Promise<Usage> {
    return this.http.json({ method: 'GET', path: '/v1/usage', schema: UsageSchema }, options);
  }
}
