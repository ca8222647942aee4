import type { HttpClient, RequestOptions } from '../internal/http';
import type { UsageByAgentQuery, UsageDailyQuery, UsageMonthlyQuery } from '../schemas/requests';
import {
  DailyUsageSchema,
  MonthlyUsageSchema,
  UsageByAgentSchema,
  UsageByNumberSchema,
  type DailyUsage,
  type MonthlyUsage,
  type UsageByAgent,
  type UsageByNumber,
} from '../schemas/responses';

/** Usage breakdowns (§3 extras). The summary is `client.account.usage()`. */
export class UsageResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Messages, calls and webhooks per day (`GET /v1/usage/daily`, days 1–365, default 30).
   *
   * @example
   * const { data } = await client.usage.daily({ days: 7 });
   */
  async daily(query: UsageDailyQuery = {}, options?: RequestOptions): Promise<DailyUsage> {
    return this.http.json(
      { method: 'GET', path: '/v1/usage/daily', query, schema: DailyUsageSchema },
      options,
    );
  }

  /**
   * Per month (`GET /v1/usage/monthly`, months 1–24, default 6).
   *
   * @example
   * const { data } = await client.usage.monthly({ months: 3 });
   */
  async monthly(query: UsageMonthlyQuery = {}, options?: RequestOptions): Promise<MonthlyUsage> {
    return this.http.json(
      { method: 'GET', path: '/v1/usage/monthly', query, schema: MonthlyUsageSchema },
      options,
    );
  }

  /**
   * Per phone number (`GET /v1/usage/by-number`).
   *
   * @example
   * const { data } = await client.usage.byNumber();
   */
  async byNumber(options?: RequestOptions): Promise<UsageByNumber> {
    return this.http.json(
      { method: 'GET', path: '/v1/usage/by-number', schema: UsageByNumberSchema },
      options,
    );
  }

  /**
   * Per agent over a week, month or year (`GET /v1/usage/by-agent`); agentless traffic has `agentId: null`.
   *
   * @example
   * const { data } = await client.usage.byAgent({ period: 'week', tz: 'America/New_York' });
   */
  async byAgent(query: UsageByAgentQuery = {}, options?: RequestOptions): Promise<UsageByAgent> {
    return this.http.json(
      { method: 'GET', path: '/v1/usage/by-agent', query, schema: UsageByAgentSchema },
      options,
    );
  }
}
