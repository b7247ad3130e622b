// What the edge tests look at, the same in workerd and in the edge runtime: the parser entry parses two
// events; a source of `stream` (three events, then the server ends the response) gives three messages,
// each to onmessage once, then a reconnection that sends Last-Event-ID; resolves to what it saw.
export async function observe(EventSource, createParser, stream) {
  const parsed = [];
  const parser = await createParser({ onEvent: (event) => parsed.push(event.data) });
  parser.feed('data: a\n\ndata: b\n\n');
  parser.free();
  const seen = await new Promise((resolve) => {
    const messages = [];
    let calls = 0;
    const source = new EventSource(stream);
    const timer = setTimeout(() => finish('timed out'), 5000);
    function finish(outcome) {
      clearTimeout(timer);
      source.close();
      resolve({ outcome, messages, calls });
    }
    source.onmessage = (event) => {
      calls += 1;
      messages.push([event.type, event.data, event.lastEventId, event instanceof Event]);
      if (messages.length === 4) setTimeout(() => finish('done'), 50); // a fifth call would show here
    };
    source.onerror = (event) => {
      if (event.code !== 'reconnecting') finish(`error ${event.code}: ${event.message}`);
    };
  });
  return { ...seen, parsed };
}
