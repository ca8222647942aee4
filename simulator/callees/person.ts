import { z } from 'zod';

import { withAnalysis, type CallContext, type CallPlan, type Line, type Persona } from './types';

/**
 * A person who picks up and chats: says hello, listens to why the agent called, answers a question
 * with yes or no (configurable), makes a little small talk, says goodbye. Also the caller of
 * inbound calls: asks about something and leaves a name for a callback (or, with `intent: 'message'`,
 * a message); and, reached by a callback that returns a missed call, says what they needed (or asks
 * not to be called again).
 */
export const PersonOptionsSchema = z.object({
  name: z.string().min(1).optional(),
  /**
   * How the person answers the agent's question: yes, no, not sure, asks for another time, says it is
   * the wrong number, or asks not to be called again (and hangs up).
   */
  answer: z.enum(['yes', 'no', 'maybe', 'reschedule', 'wrong-number', 'stop-calling']).optional(),
  /** What an inbound caller wants (also what they say when a callback reaches them). */
  topic: z.string().min(1).optional(),
  /** An inbound caller asks for a callback (default) or leaves a message that needs none. */
  intent: z.enum(['callback', 'message']).optional(),
  /** Reached by a missed-call callback: how urgent it is and when to reach them. */
  urgency: z.enum(['urgent', 'soon', 'not urgent']).optional(),
  bestTime: z.string().min(1).optional(),
  /** Reached by a callback: "please stop calling me" instead of saying what they needed. */
  stopCalling: z.boolean().optional(),
  analysis: z.boolean().optional(),
});

const NAMES = ['Sam', 'Jordan', 'Taylor', 'Morgan', 'Riley', 'Casey', 'Jamie'];
const TOPICS = [
  'your opening hours this weekend',
  'booking a table for Friday',
  'a delivery that never arrived',
  'the price of a haircut',
];

/** A callback's script says it returns a missed call (ringflow's own does). */
const RETURNED_CALL = /missed call|returning (?:your|their|a) call/i;
const URGENCY_WORDS = {
  urgent: "It's urgent, I need it sorted today.",
  soon: 'It would be good to sort it this week.',
  'not urgent': "It's not urgent.",
};

/** What the agent called about, in the agent's words: the prompt's first sentence turned outward. */
function purposeOf(ctx: CallContext): string {
  const prompt = ctx.systemPrompt ?? '';
  const match =
    /\b(?:to|and)\s+((?:remind|confirm|ask|tell|let|check|invite|follow up|notify)[^.!?\n]*)/i.exec(prompt);
  if (match)
    return `I'm calling ${`to ${match[1]}`
      .replace(/\btheir\b/g, 'your')
      .replace(/\bthem\b/g, 'you')
      .replace(/\bthey\b/g, 'you')}.`;
  const first = /^[^.!?\n]{8,160}/.exec(prompt)?.[0];
  return first
    ? `I'm calling about this: ${first.trim()}.`
    : "I'm just calling with a quick message for you.";
}

export const person: Persona = (ctx, rawOptions) => {
  const options = PersonOptionsSchema.parse(rawOptions);
  const { random } = ctx;
  const name = options.name ?? random.pick(NAMES);
  const lines: Line[] = [];
  const user = (content: string) => lines.push({ role: 'user', content });
  const agent = (content: string) => lines.push({ role: 'agent', content });
  let plan: Omit<CallPlan, 'lines'>;

  if (ctx.direction === 'inbound' && options.intent === 'message') {
    const topic = options.topic ?? random.pick(TOPICS);
    agent(ctx.beginMessage || 'Hi, thanks for calling. How can I help?');
    user(`Hi, I'm calling about ${topic}. Could you pass a message on to the owner?`);
    agent("Of course. What's your name, and what should I tell them?");
    user(`It's ${name}. Just tell them I called about ${topic}, that's all. Thanks, bye!`);
    agent(`Will do, ${name}. Goodbye!`);
    plan = {
      status: 'completed',
      disconnectionReason: 'user_hangup',
      ringSeconds: 1,
      summary: `${name} left a message about ${topic}.`,
      userSentiment: 'Neutral',
      callSuccessful: true,
    };
    return withAnalysis({ ...plan, lines }, options.analysis);
  }

  if (ctx.direction === 'outbound' && RETURNED_CALL.test(ctx.systemPrompt ?? '')) {
    user(random.pick(['Hello?', `Hello, ${name} speaking.`]));
    agent(
      ctx.initialGreeting || `Hi, this is ${ctx.agentName} returning your call. What can we help you with?`,
    );
    if (options.stopCalling) {
      user('Please stop calling me. Take me off your list.');
      agent("I'm sorry, we won't call again. Goodbye.");
    } else {
      const topic = options.topic ?? random.pick(TOPICS);
      user(`Oh, thanks for calling back! This is ${name}. I was calling about ${topic}.`);
      agent("Thanks. How urgent is it, and when's the best time to reach you?");
      const urgency = options.urgency ?? 'soon';
      user(
        `${URGENCY_WORDS[urgency]} ${options.bestTime ? `${options.bestTime} works best.` : 'Any time is fine.'}`,
      );
      agent("Got it, I'll pass that on. Goodbye!");
    }
    plan = {
      status: 'completed',
      disconnectionReason: options.stopCalling ? 'user_hangup' : 'agent_hangup',
      ringSeconds: random.int(3, 9),
      summary: options.stopCalling
        ? `${name} asked not to be called again.`
        : `${name} said what they had called about.`,
      userSentiment: options.stopCalling ? 'Negative' : 'Positive',
      callSuccessful: !options.stopCalling,
    };
    return withAnalysis({ ...plan, lines }, options.analysis);
  }

  if (ctx.direction === 'inbound') {
    const topic = options.topic ?? random.pick(TOPICS);
    agent(ctx.beginMessage || 'Hi, thanks for calling. How can I help?');
    user(`Hi, yes, I was calling about ${topic}.`);
    agent(
      "Thanks for letting me know. I can take a message and make sure someone gets back to you today. What's your name?",
    );
    user(`It's ${name}. You can call me back on this number.`);
    agent(`Got it, ${name}. Someone will call you back soon. Anything else?`);
    user("No, that's all. Thanks, bye!");
    plan = {
      status: 'completed',
      disconnectionReason: 'user_hangup',
      ringSeconds: 1,
      summary: `${name} called about ${topic} and asked for a callback on this number.`,
      userSentiment: 'Neutral',
      callSuccessful: true,
    };
    return withAnalysis({ ...plan, lines }, options.analysis);
  }

  const answer = options.answer ?? 'yes';
  user(random.pick(['Hello?', `Hello, ${name} speaking.`, 'Hi, who is this?']));
  agent(ctx.initialGreeting || `Hi, this is ${ctx.agentName}. ${purposeOf(ctx)}`);
  if (!ctx.initialGreeting) {
    user(random.pick(['Oh, okay. Sure, go on.', 'Right, okay.']));
  } else {
    user(random.pick(['Oh hi! What is it about?', 'Okay, sure — what can I do for you?']));
    agent(purposeOf(ctx));
  }
  agent('Does that work for you?');
  if (answer === 'stop-calling') {
    user('Please stop calling me. Take me off your list.');
    agent("I'm sorry, we won't call again. Goodbye.");
    plan = {
      status: 'completed',
      disconnectionReason: 'user_hangup',
      ringSeconds: random.int(3, 9),
      summary: `${name} asked not to be called again.`,
      userSentiment: 'Negative',
      callSuccessful: false,
    };
    return withAnalysis({ ...plan, lines }, options.analysis);
  }
  if (answer === 'wrong-number') {
    user("Sorry, I think you have the wrong number. There's nobody here by that name.");
    agent('My apologies for the trouble. Goodbye!');
    plan = {
      status: 'completed',
      disconnectionReason: 'agent_hangup',
      ringSeconds: random.int(3, 9),
      summary: 'Reached the wrong person.',
      userSentiment: 'Neutral',
      callSuccessful: false,
    };
    return withAnalysis({ ...plan, lines }, options.analysis);
  }
  if (answer === 'yes')
    user(
      random.pick([
        'Yes, that works for me. Thanks for letting me know!',
        'Yes, absolutely, that sounds good.',
      ]),
    );
  else if (answer === 'no')
    user(random.pick(["No, sorry, that doesn't work for me.", "I'm afraid not, no."]));
  else if (answer === 'reschedule')
    user(
      random.pick([
        'Could we reschedule? Another day would suit me better.',
        'Can we change it to a different day?',
      ]),
    );
  else user("Hmm, I'm not sure yet. Let me think about it and get back to you.");
  agent(random.pick(['Great, thank you for your time.', 'Understood, thanks for your time.']));
  user(random.pick(['No problem. Have a good day!', 'Sure thing, take care.']));
  agent('You too. Goodbye!');
  plan = {
    status: 'completed',
    disconnectionReason: 'agent_hangup',
    ringSeconds: random.int(3, 9),
    summary: `Spoke with ${name}; they answered ${answer}.`,
    userSentiment: answer === 'yes' ? 'Positive' : answer === 'no' ? 'Negative' : 'Neutral',
    callSuccessful: answer === 'yes',
  };
  return withAnalysis({ ...plan, lines }, options.analysis);
};
