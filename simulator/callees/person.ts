import { z } from 'zod';

import { withAnalysis, type CallContext, type CallPlan, type Line, type Persona } from './types';

/**
 * A person who picks up and chats: says hello, listens to why the agent called, answers a question
 * with yes or no (configurable), makes a little small talk, says goodbye. Also the caller of
 * inbound calls: asks about something and leaves a name for a callback.
 */
export const PersonOptionsSchema = z.object({
  name: z.string().min(1).optional(),
  /** How the person answers the agent's question. */
  answer: z.enum(['yes', 'no', 'maybe']).optional(),
  /** What an inbound caller wants. */
  topic: z.string().min(1).optional(),
  analysis: z.boolean().optional(),
});

const NAMES = ['Sam', 'Jordan', 'Taylor', 'Morgan', 'Riley', 'Casey', 'Jamie'];
const TOPICS = [
  'your opening hours this weekend',
  'booking a table for Friday',
  'a delivery that never arrived',
  'the price of a haircut',
];

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
  if (answer === 'yes')
    user(
      random.pick([
        'Yes, that works for me. Thanks for letting me know!',
        'Yes, absolutely, that sounds good.',
      ]),
    );
  else if (answer === 'no')
    user(random.pick(["No, sorry, that doesn't work for me.", "I'm afraid not, no."]));
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
