/**
 * The Temporal Web UI link of a workflow, for every command that starts one: TEMPORAL_UI_URL, or the
 * local stack's UI (`npm start`, port RINGFLOW_TEMPORAL_UI_PORT) when no TEMPORAL_ADDRESS is set.
 */
export function workflowUiLink(workflowId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.TEMPORAL_UI_URL
    ? env.TEMPORAL_UI_URL.replace(/\/+$/, '')
    : env.TEMPORAL_ADDRESS
      ? undefined
      : `http://127.0.0.1:${env.RINGFLOW_TEMPORAL_UI_PORT || '8233'}`;
  if (!base) return undefined;
  const namespace = env.TEMPORAL_NAMESPACE || 'default';
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
