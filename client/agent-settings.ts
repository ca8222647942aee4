/**
 * Reading and writing an agent's durable settings (workflows/agent-settings.ts) from outside: the CLI
 * writes a feature's section, activities and `status` read them. The workflow is started on first use.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { agentSettingsWorkflow, type AgentSettingsSections } from '../workflows/agent-settings';
import { getAgentSettingsQuery, setAgentSettingsSectionUpdate, workflowIds } from '../workflows/messages';

/** Writes one feature's section (`null` removes it) and returns every section. */
export async function writeAgentSettingsSection(
  temporal: Client,
  taskQueue: string,
  agentId: string,
  name: string,
  value: unknown,
): Promise<AgentSettingsSections> {
  // Update-with-start: the settings workflow exists from the first write on, on any worker.
  return temporal.workflow.executeUpdateWithStart(setAgentSettingsSectionUpdate, {
    args: [{ name, value }],
    startWorkflowOperation: new WithStartWorkflowOperation(agentSettingsWorkflow, {
      workflowId: workflowIds.agentSettings(agentId),
      taskQueue,
      args: [{ agentId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
}

/** Every section of an agent's settings; none when nothing was ever configured. */
export async function readAgentSettings(temporal: Client, agentId: string): Promise<AgentSettingsSections> {
  try {
    return await temporal.workflow.getHandle(workflowIds.agentSettings(agentId)).query(getAgentSettingsQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return {};
    throw err;
  }
}
