/**
 * Records the replay histories of missed-call callbacks (kept apart from record.ts so recording them
 * leaves the other flows' histories untouched): on the in-process stack, with the simulator and the
 * ingress, three missed calls → one answered callback and the owner's summary; then a callback nobody
 * answers → the caller texted, their reply relayed, the owner's cancel. Re-run after an intended change:
 *   node --import tsx test/replay/record-missed-call.ts
 */
import { writeAgentSettingsSection } from '../../client/agent-settings';
import { developmentNumberKeyer } from '../../common/process/number-key';
import { saveHistory } from '../helpers/replay';
import { eventually, startTestStack } from '../helpers/stack';
import { cancelMissedCallUpdate, getMissedCallStatusQuery, workflowIds } from '../../workflows/messages';
import { MISSED_CALLS_SECTION, type MissedCallSettings } from '../../workflows/missed-call/types';

const OWNER = '+14155550199';
const settings: MissedCallSettings = {
  delayMinutes: 0.1,
  hours: { start: '00:00', end: '24:00' },
  days: [0, 1, 2, 3, 4, 5, 6],
  timeZone: 'America/New_York',
  notifyNumber: OWNER,
  businessName: 'Lovely Thai',
  prompt: null,
  maxAttempts: 1,
  triage: 'messages',
  retryAfterMinutes: 60,
  relayRepliesForHours: 1,
};

const stack = await startTestStack();
try {
  const { client } = stack.temporal;
  const { agentId, phoneNumber } = stack.simulator.account;
  await writeAgentSettingsSection(client, stack.taskQueue, agentId, MISSED_CALLS_SECTION, settings);
  const seriesOf = (caller: string) =>
    client.workflow.getHandle(workflowIds.missedCall(agentId, developmentNumberKeyer(caller)));
  const statusOf = (caller: string) =>
    seriesOf(caller)
      .query(getMissedCallStatusQuery)
      .catch(() => undefined);

  const answering = '+14155552201';
  let firstCallId = '';
  for (let n = 0; n < 3; n++) {
    const { callId } = (await stack.control('/_sim/inbound/call', {
      from: answering,
      to: phoneNumber,
      missed: true,
    })) as { callId: string };
    firstCallId ||= callId;
  }
  await eventually(
    async () =>
      (
        await seriesOf(answering)
          .describe()
          .catch(() => undefined)
      )?.status.name === 'COMPLETED' || undefined,
    60_000,
    'the summarized series',
  );
  console.log(await saveHistory(client, seriesOf(answering).workflowId, 'missed-call-summarized'));
  console.log(await saveHistory(client, workflowIds.inboundCall(firstCallId), 'inbound-call-missed'));

  const silent = '+14155552202';
  await stack.control('/_sim/callees', { phoneNumber: silent, persona: 'no-answer' });
  await stack.control('/_sim/inbound/call', { from: silent, to: phoneNumber, missed: true });
  await eventually(
    async () => ((await statusOf(silent))?.state === 'awaiting_caller_reply' ? true : undefined),
    60_000,
    'the text to the caller',
  );
  await stack.control('/_sim/inbound/sms', { from: silent, to: phoneNumber, body: 'It was about my order' });
  await eventually(
    async () => ((await statusOf(silent))?.repliesRelayed === 1 ? true : undefined),
    60_000,
    'the relayed reply',
  );
  await seriesOf(silent).executeUpdate(cancelMissedCallUpdate, { args: ['recorded'] });
  console.log(await saveHistory(client, seriesOf(silent).workflowId, 'missed-call-relayed-then-cancelled'));
} finally {
  await stack.stop();
}
