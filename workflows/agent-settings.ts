/**
 * The durable settings of one agent (`agent-settings:<agentId>`): what the owner configured for the
 * number's inbound side (missed-call callbacks, call triage, SMS relay…), one named section per
 * feature. Nothing outside Temporal: the CLI writes a section with an update, activities read them all
 * with a query. A section's shape belongs to its feature (validated there, at the edge, with zod); this
 * workflow only stores and versions them. Long-lived, so it continues as new, carrying the sections.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler } from '@temporalio/workflow';
import { timeToContinueAsNew } from './continue-as-new';
import { getAgentSettingsQuery, setAgentSettingsSectionUpdate } from './messages';

/** Every section, by feature name; a feature that was never configured has none. */
export type AgentSettingsSections = Record<string, AgentSettingsSection>;

export interface AgentSettingsSection {
  /** The feature's own settings (plain JSON, validated by the feature before it is written). */
  value: unknown;
  /** When it was last written (ISO 8601), for `status` views. */
  updatedAt: string;
}

export interface AgentSettingsInput {
  agentId: string;
  /** Carried across continue-as-new. */
  sections?: AgentSettingsSections;
  continueAsNewAfterEvents?: number;
}

export async function agentSettingsWorkflow(input: AgentSettingsInput): Promise<void> {
  const sections: AgentSettingsSections = { ...input.sections };
  setHandler(getAgentSettingsQuery, () => sections);
  setHandler(setAgentSettingsSectionUpdate, ({ name, value }) => {
    if (value === null) delete sections[name];
    else sections[name] = { value, updatedAt: new Date().toISOString() };
    return sections;
  });
  await condition(() => timeToContinueAsNew(input.continueAsNewAfterEvents));
  await condition(allHandlersFinished);
  await continueAsNew<typeof agentSettingsWorkflow>({ ...input, sections });
}
