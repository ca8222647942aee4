import { EventEmitter } from 'node:events';

import { fillVariables } from '../callees/request-reading';
import { CAMPAIGN_PERSONA_CALLEES, campaignPersonaOf } from '../callees/mix';
import { personaFor, scriptedPlan } from '../callees/registry';
import type { CallContext, CallPlan, VenueBook } from '../callees/types';
import type { TimerHandle } from '../clock';
import { Random } from '../random';
import { durationSeconds, publicStatus } from '../serializers';
import type { AgentRecord, CalleeRecord, SimCallRecord, NumberRecord, TurnRecord } from '../state';
import { ledgerEnded, ledgerPlaced } from './ledger';
import { callEndedEvent } from '../webhooks/events';
import type { WebhookDispatcher } from '../webhooks/dispatcher';
import type { World } from '../world';

/** Back-to-back lines of one speaker become one turn, so transcripts alternate like real calls. */
function alternating(lines: CallPlan['lines']): CallPlan['lines'] {
  const out: CallPlan['lines'] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last && last.role === line.role)
      out[out.length - 1] = { role: line.role, content: `${last.content} ${line.content}` };
    else out.push(line);
  }
  return out;
}

/** Simulated seconds a line takes to say: about 2.7 words a second, never under 1.5 s. */
function speakingMs(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(1500, Math.round((words / 2.7) * 1000));
}
const PAUSE_MS = 700;
/** How long the provider takes to confirm a hang-up requested with POST /end. */
const END_CONFIRM_MS = 1500;

export interface OutboundRequest {
  agent: AgentRecord;
  from: NumberRecord;
  toNumber: string;
  systemPrompt: string | null;
  initialGreeting: string | null;
  variables: Record<string, string | null> | null;
}

/**
 * Runs calls on the simulated clock (spec §9): a call is `in-progress` from the moment it is placed,
 * its turns become visible as simulated time passes them, and at its planned end it turns
 * `completed` or `failed` and `agent.call_ended` goes out.
 */
export class CallEngine {
  private readonly timers = new Map<string, TimerHandle>();
  private readonly events = new EventEmitter();
  /** Live calls per account, kept as calls start and end (counting them would scan every call). */
  private readonly live = new Map<string, Set<string>>();

  constructor(
    private readonly world: World,
    private readonly dispatcher: WebhookDispatcher,
    private readonly seed: number,
    private readonly mcpStatuses: boolean,
  ) {
    this.events.setMaxListeners(0);
  }

  placeOutbound(request: OutboundRequest): SimCallRecord {
    const { world } = this;
    const registered = world.state.callees.find((c) => c.phoneNumber === request.toNumber);
    const mixed = registered ? undefined : this.mixedCallee(request.toNumber);
    const callee = registered ?? mixed?.callee;
    const id = world.newId('call');
    const persona = callee && 'script' in callee ? null : personaFor(callee);
    const ctx = this.context(
      id,
      'outbound',
      request.from.phoneNumber,
      request.toNumber,
      request.agent,
      request,
    );
    const plan =
      callee && 'script' in callee
        ? scriptedPlan(callee.script)
        : (persona as NonNullable<typeof persona>).run(ctx, persona?.options ?? {});
    return this.start(
      id,
      'outbound',
      request.agent,
      request.from,
      request.toNumber,
      plan,
      mixed?.name ?? persona?.name ?? 'script',
      request,
    );
  }

  /** An unregistered number under the run's persona mix: its campaign persona and who plays it. */
  private mixedCallee(phoneNumber: string): { name: string; callee: CalleeRecord } | undefined {
    const mix = this.world.state.personaMix;
    if (!mix) return undefined;
    const name = campaignPersonaOf(mix, this.seed, phoneNumber);
    return { name, callee: { phoneNumber, ...CAMPAIGN_PERSONA_CALLEES[name] } };
  }

  /**
   * A call from `from` to one of our numbers. `missed`: the caller hangs up while it rings. A
   * webhook-mode agent without a webhook cannot answer (spec §4), so that call fails.
   */
  placeInbound(from: string, number: NumberRecord, missed: boolean): SimCallRecord {
    const { world } = this;
    const agent = number.agentId
      ? world.state.agents.find((a) => a.id === number.agentId && !a.deleted)
      : undefined;
    const id = world.newId('call');
    const request = { systemPrompt: null, initialGreeting: null, variables: null };
    const unanswerable =
      !agent || (agent.voiceMode === 'webhook' && !this.dispatcher.route(number.accountId, agent.id));
    let plan: CallPlan;
    let personaName = 'caller';
    if (missed || unanswerable) {
      plan = {
        status: 'failed',
        disconnectionReason: missed ? 'user_hangup' : 'dial_failed',
        ringSeconds: missed ? 6 : 1,
        lines: [],
        summary: missed
          ? 'The caller hung up before the call was answered.'
          : 'No agent could take the call.',
        userSentiment: null,
        callSuccessful: false,
      };
    } else {
      const callee = world.state.callees.find((c) => c.phoneNumber === from);
      // Only the person persona knows how to be a caller; venues and dial failures do not call out.
      const registered = callee && 'script' in callee ? null : personaFor(callee);
      const persona = registered && registered.name !== 'person' ? personaFor(undefined) : registered;
      personaName = persona ? `${persona.name} (caller)` : 'script';
      plan =
        callee && 'script' in callee
          ? scriptedPlan(callee.script)
          : (persona as NonNullable<typeof persona>).run(
              this.context(id, 'inbound', number.phoneNumber, from, agent, request),
              persona?.options ?? {},
            );
    }
    return this.start(
      id,
      'inbound',
      agent ?? null,
      number,
      from,
      plan,
      personaName,
      request,
      number.accountId,
    );
  }

  /** POST /v1/calls/{id}/end: `ending` now, `completed` with `agent_hangup` once the provider confirms. */
  end(call: SimCallRecord): void {
    const now = this.world.clock.now();
    this.timers.get(call.id)?.cancel();
    call.status = 'ending';
    call.turns = call.turns.filter((t) => t.atMs <= now);
    call.plannedStatus = 'completed';
    call.disconnectionReason = 'agent_hangup';
    call.plannedEndMs = now + END_CONFIRM_MS;
    call.summary = call.summary === null ? null : 'The call was ended by the agent before it finished.';
    call.callSuccessful = call.callSuccessful === null ? null : false;
    this.world.changed();
    this.arm(call);
  }

  /** Re-arms the end of every live call after a restart; calls already overdue end at once. */
  resume(): void {
    for (const call of this.world.state.calls) {
      if (call.status === 'in-progress' || call.status === 'ending') {
        this.liveOf(call.accountId).add(call.id);
        this.arm(call);
      }
    }
  }

  /** Resolves when the call reaches a terminal status, or after `timeoutMs` of simulated time. */
  waitForEnd(callId: string, timeoutMs: number): Promise<void> {
    const call = this.world.callById(callId);
    if (!call || call.status === 'completed' || call.status === 'failed') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        this.events.off(`ended:${callId}`, done);
        resolve();
      };
      const timer = this.world.clock.after(timeoutMs, done);
      this.events.on(`ended:${callId}`, done);
    });
  }

  onEnded(callId: string, listener: () => void): () => void {
    this.events.on(`ended:${callId}`, listener);
    return () => this.events.off(`ended:${callId}`, listener);
  }

  liveCalls(accountId: string): number {
    return this.live.get(accountId)?.size ?? 0;
  }

  /** Live calls across every account. */
  allLiveCalls(): number {
    let count = 0;
    for (const calls of this.live.values()) count += calls.size;
    return count;
  }

  stop(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    this.live.clear();
  }

  private liveOf(accountId: string): Set<string> {
    let calls = this.live.get(accountId);
    if (!calls) this.live.set(accountId, (calls = new Set()));
    return calls;
  }

  private context(
    callId: string,
    direction: 'inbound' | 'outbound',
    ourNumber: string,
    remoteNumber: string,
    agent: AgentRecord,
    request: {
      systemPrompt: string | null;
      initialGreeting: string | null;
      variables: Record<string, string | null> | null;
    },
  ): CallContext {
    const variables = request.variables;
    const systemPrompt = request.systemPrompt ?? agent.systemPrompt;
    return {
      callId,
      direction,
      ourNumber,
      remoteNumber,
      agentName: agent.name,
      systemPrompt: systemPrompt === null ? null : fillVariables(systemPrompt, variables),
      initialGreeting:
        request.initialGreeting === null ? null : fillVariables(request.initialGreeting, variables),
      variables,
      voicemailMessage: agent.voicemailMessage,
      beginMessage: agent.beginMessage,
      nowMs: this.world.clock.now(),
      seed: this.seed,
      // Keyed by what the call is about, not by its id, so the same call reads the same under a seed
      // whatever order tests run in.
      random: Random.derive(
        this.seed,
        'call',
        direction,
        ourNumber,
        remoteNumber,
        systemPrompt ?? '',
        request.initialGreeting ?? '',
        JSON.stringify(variables ?? {}),
      ),
      venueBook: this.venueBook(),
    };
  }

  private venueBook(): VenueBook {
    const { state } = this.world;
    return {
      bookings: (venueNumber, date) =>
        state.bookings.filter((b) => b.venueNumber === venueNumber && b.date === date),
      book: (booking) => state.bookings.push(booking),
      lastOffer: (venueNumber, callerNumber) =>
        state.offers.findLast((o) => o.venueNumber === venueNumber && o.callerNumber === callerNumber),
      offer: (offer) => state.offers.push(offer),
    };
  }

  private start(
    id: string,
    direction: 'inbound' | 'outbound',
    agent: AgentRecord | null,
    number: NumberRecord,
    remoteNumber: string,
    plan: CallPlan,
    persona: string,
    request: SimCallRecord['request'],
    accountId = agent?.accountId ?? number.accountId,
  ): SimCallRecord {
    const startedAtMs = this.world.clock.now();
    const { turns, endMs } = this.timeline(startedAtMs, plan);
    const call: SimCallRecord = {
      id,
      accountId,
      agentId: agent?.id ?? null,
      numberId: number.id,
      ourNumber: number.phoneNumber,
      remoteNumber,
      direction,
      status: 'in-progress',
      startedAtMs,
      plannedEndMs: endMs,
      endedAtMs: null,
      plannedStatus: plan.status,
      disconnectionReason: plan.disconnectionReason,
      turns,
      summary: plan.summary,
      userSentiment: plan.userSentiment,
      callSuccessful: plan.callSuccessful,
      request,
      persona,
    };
    this.world.addCall(call);
    ledgerPlaced(this.world.ledger, call);
    this.liveOf(accountId).add(id);
    this.world.changed();
    this.arm(call);
    return call;
  }

  /** When each line is said, and when the call ends. */
  private timeline(startedAtMs: number, plan: CallPlan): { turns: TurnRecord[]; endMs: number } {
    const lines = alternating(plan.lines);
    const newTurn = (line: CallPlan['lines'][number], atMs: number): TurnRecord => ({
      id: this.world.newId('turn'),
      role: line.role,
      content: line.content,
      atMs,
    });
    if (plan.durationSeconds !== undefined) {
      const total = plan.durationSeconds * 1000;
      const step = total / (lines.length + 1);
      const turns = lines.map((line, i) => newTurn(line, startedAtMs + Math.round(step * (i + 1))));
      return { turns, endMs: startedAtMs + total };
    }
    let at = startedAtMs + plan.ringSeconds * 1000;
    const turns = lines.map((line) => {
      const turn = newTurn(line, at);
      at += speakingMs(line.content) + PAUSE_MS;
      return turn;
    });
    // A failed call ends when the ringing stops; an answered one a moment after the last word.
    const endMs =
      plan.status === 'failed' ? at : Math.ceil((at + 300 - startedAtMs) / 1000) * 1000 + startedAtMs;
    return { turns, endMs };
  }

  private arm(call: SimCallRecord): void {
    this.timers.get(call.id)?.cancel();
    this.timers.set(
      call.id,
      this.world.clock.at(call.plannedEndMs, () => this.finish(call)),
    );
  }

  private finish(call: SimCallRecord): void {
    this.timers.delete(call.id);
    if (call.status !== 'in-progress' && call.status !== 'ending') return;
    call.status = call.plannedStatus;
    call.endedAtMs = call.plannedEndMs;
    this.live.get(call.accountId)?.delete(call.id);
    ledgerEnded(this.world.ledger, call);
    this.world.changed();
    this.dispatcher.emit(callEndedEvent(call, publicStatus(call, this.mcpStatuses), durationSeconds(call)));
    this.events.emit(`ended:${call.id}`);
    this.world.noteCallEnded();
  }
}
