import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Decodes a server-sent-events byte stream into messages. Comments (`: heartbeat`) are dropped by the
 * parser; a malformed line is skipped rather than ending the stream.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => pending.push(message) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* pending.splice(0);
  }
  parser.feed(decoder.decode());
  yield* pending.splice(0);
}
