/**
 * Outcome-extraction settings from the environment. The LLM extractor is off unless both
 * RINGFLOW_LLM_BASE_URL and RINGFLOW_LLM_MODEL are set; setting only one of them is a mistake and
 * fails loudly rather than silently running without it.
 */
import { z } from 'zod';
import { envInt, parseEnv } from '../common/process/config/parse-env';
import type { Logger } from '../common/process/logger';
import { analysisExtractor, transcriptExtractor, type OutcomeExtractor } from './extractors';
import { createLlmExtractor } from './llm-extractor';

export const OutcomeConfigSchema = z
  .object({
    RINGFLOW_LLM_BASE_URL: z
      .url({ message: 'must be an absolute URL of an OpenAI-compatible API, like http://127.0.0.1:11434/v1' })
      .optional(),
    RINGFLOW_LLM_API_KEY: z.string().min(1).optional(),
    RINGFLOW_LLM_MODEL: z.string().min(1).optional(),
    RINGFLOW_LLM_TIMEOUT_MS: envInt(1).default(15_000),
  })
  .superRefine((env, ctx) => {
    if (env.RINGFLOW_LLM_BASE_URL && !env.RINGFLOW_LLM_MODEL) {
      ctx.addIssue({
        code: 'custom',
        path: ['RINGFLOW_LLM_MODEL'],
        message: 'RINGFLOW_LLM_BASE_URL is set, so set the model name too (or unset RINGFLOW_LLM_BASE_URL)',
      });
    }
    if (env.RINGFLOW_LLM_MODEL && !env.RINGFLOW_LLM_BASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['RINGFLOW_LLM_BASE_URL'],
        message: 'RINGFLOW_LLM_MODEL is set, so set the endpoint too (or unset RINGFLOW_LLM_MODEL)',
      });
    }
    if (env.RINGFLOW_LLM_API_KEY && !env.RINGFLOW_LLM_BASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['RINGFLOW_LLM_BASE_URL'],
        message:
          'RINGFLOW_LLM_API_KEY is set but no endpoint; set RINGFLOW_LLM_BASE_URL and RINGFLOW_LLM_MODEL',
      });
    }
  });

export interface OutcomeConfig {
  /** Absent when the LLM extractor is off. */
  llm?: { baseUrl: string; apiKey?: string; model: string; timeoutMs: number };
}

/**
 * Reads the outcome settings; throws a ConfigError naming each bad variable.
 *
 * @example loadOutcomeConfig({ RINGFLOW_LLM_BASE_URL: 'http://127.0.0.1:8000/v1', RINGFLOW_LLM_MODEL: 'qwen' }).llm?.model // 'qwen'
 */
export function loadOutcomeConfig(env: NodeJS.ProcessEnv = process.env): OutcomeConfig {
  const parsed = parseEnv(OutcomeConfigSchema, env, 'outcome extraction');
  if (!parsed.RINGFLOW_LLM_BASE_URL || !parsed.RINGFLOW_LLM_MODEL) return {};
  return {
    llm: {
      baseUrl: parsed.RINGFLOW_LLM_BASE_URL,
      model: parsed.RINGFLOW_LLM_MODEL,
      timeoutMs: parsed.RINGFLOW_LLM_TIMEOUT_MS,
      ...(parsed.RINGFLOW_LLM_API_KEY ? { apiKey: parsed.RINGFLOW_LLM_API_KEY } : {}),
    },
  };
}

/**
 * The extractor chain for a config: analysis, transcript, then the LLM when configured (it runs only
 * when the deterministic readers cannot tell, so it costs nothing on clear calls).
 *
 * @example await extractReservationOutcome(input, { extractors: createExtractorsFromConfig(loadOutcomeConfig()) });
 */
export function createExtractorsFromConfig(
  config: OutcomeConfig,
  deps: { logger?: Logger; fetch?: typeof fetch } = {},
): OutcomeExtractor[] {
  const chain: OutcomeExtractor[] = [analysisExtractor, transcriptExtractor];
  if (config.llm) chain.push(createLlmExtractor({ ...config.llm, ...deps }));
  return chain;
}
