import { Client, Connection } from '@temporalio/client';
import {
  temporalConnectionOptions,
  temporalDataConverter,
  type TemporalConnectionConfig,
  type TemporalEnv,
} from '../common/process/config';

/** The Temporal variables a client connection reads. */
export type TemporalClientConfig = Pick<
  TemporalEnv,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_API_KEY' | 'TEMPORAL_TLS'
> &
  Partial<Pick<TemporalEnv, 'RINGFLOW_CODEC_KEYS' | 'RINGFLOW_CODEC_KEY_FILE'>> &
  TemporalConnectionConfig;

/**
 * Connects a Temporal client (for starting, signalling and querying workflows from outside) with the
 * same connection options and payload codec as the worker: TLS, the API key and the codec keys come from
 * the configuration. `address`
 * overrides TEMPORAL_ADDRESS (the stack passes the server it started).
 *
 * @example const client = await connectClient(loadCommandConfig());
 */
export async function connectClient(
  config: TemporalClientConfig,
  address?: string,
  options: { connectTimeoutMs?: number } = {},
): Promise<Client> {
  const connection = await Connection.connect({
    ...temporalConnectionOptions(config, address),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeout: options.connectTimeoutMs } : {}),
  });
  const dataConverter = temporalDataConverter(config);
  return new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    ...(dataConverter ? { dataConverter } : {}),
  });
}
