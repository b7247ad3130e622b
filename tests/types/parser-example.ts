// Type-checked with example.ts: the parser entry, its events, errors and stream.
import { createParser, EventSourceParserStream, type ParsedEvent } from 'eventsource-wasm/parser';

async function parse(response: Response): Promise<ParsedEvent[]> {
  const events: ParsedEvent[] = [];
  const parser = await createParser({
    onEvent: (event) => events.push(event),
    onError: (error) => console.log(error.code === 'line-too-long', error.message),
    maxLineLength: 1024,
  });
  parser.feed('data: one\n\n');
  parser.feed(new Uint8Array([100, 97, 116, 97, 58, 10, 10]));
  parser.reset();
  parser.free();
  const stream = response.body!.pipeThrough(new EventSourceParserStream({ maxEventSize: 4096 }));
  for await (const event of stream) events.push(event);
  // @ts-expect-error onEvent is required
  await createParser({});
  return events;
}
void parse;
