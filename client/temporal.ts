import { Client, Connection } from '@temporalio/client';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  apiKey?: string | undefined;
  tls?: boolean | undefined;
}

/** Connects a Temporal client (for starting, signalling and querying workflows from outside). */
export async function connectClient(options: TemporalClientOptions): Promise<Client> {
  const connection = await Connection.connect({
    address: options.address,
    ...(options.apiKey ? { apiKey: options.apiKey, tls: true } : {}),
    ...(options.tls ? { tls: true } : {}),
  });
  return new Client({ connection, namespace: options.namespace });
}
