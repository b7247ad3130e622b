#!/usr/bin/env node
// `npx eventsource-wasm <url>`: prints a stream's events as they arrive (Node only). See HELP, or the README.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const HELP = `Usage: eventsource-wasm [options] <url>

Connects to an event stream and prints its events as they arrive, reconnecting as a
browser's EventSource does (with Last-Event-ID) until stopped.

Options:
  -H, --header 'Name: value'  send a request header (repeatable)
  -X, --method METHOD         the request method (default GET; POST when --data is given)
  -d, --data TEXT             send TEXT as the request body; @FILE reads a file, @- standard input
      --last-event-id ID      resume from ID: the first request sends Last-Event-ID: ID
      --max-events N          exit (code 0) after N events
      --once                  make one request: exit when its response ends (code 0) instead of
                              reconnecting, as streaming APIs that end after their answer want
      --timeout SECONDS       exit (code 3) after this long, events or not
      --json                  one JSON object per line: {"type","data","id","origin"}
      --legacy                also read Opera 9's application/x-dom-event-stream
  -h, --help                  print this and exit
  -V, --version               print the version and exit

Output: events on standard output, readable by default: "[type] " before the data of
events whose type is not "message", "#id " when the stream has set an ID, the data as
sent (its lines joined with newlines). Connection news (open, reconnecting, why it
failed) goes to standard error.

Exit codes:
  0  --max-events reached, or with --once the response ended
  1  the connection failed: the server answered a status other than 200 or a type other
     than text/event-stream, a limit was passed, or the request can never be made (with
     --once, also a network error)
  2  bad arguments
  3  --timeout passed
  130  interrupted (Ctrl-C)`;

const EXIT = { done: 0, failed: 1, usage: 2, timeout: 3, interrupted: 130 };

/** Exits with a usage error (code 2). */
function usage(message) {
  process.stderr.write(`eventsource-wasm: ${message}\nTry eventsource-wasm --help.\n`);
  process.exit(EXIT.usage);
}

function readArguments(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        header: { type: 'string', short: 'H', multiple: true, default: [] },
        method: { type: 'string', short: 'X' },
        data: { type: 'string', short: 'd' },
        'last-event-id': { type: 'string' },
        'max-events': { type: 'string' },
        timeout: { type: 'string' },
        once: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        legacy: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'V', default: false },
      },
    });
  } catch (error) {
    return usage(error.message);
  }
}

function positiveNumber(name, text, integer) {
  const value = Number(text);
  if (text === undefined) return undefined;
  if (!(value > 0) || (integer && !Number.isInteger(value)))
    usage(`--${name} must be a positive ${integer ? 'whole number' : 'number'}, got '${text}'`);
  return value;
}

function readBody(data) {
  if (data === undefined || !data.startsWith('@')) return data;
  try {
    return readFileSync(data === '@-' ? 0 : data.slice(1));
  } catch (error) {
    return usage(`cannot read ${data.slice(1)}: ${error.message}`);
  }
}

function readHeaders(lines, lastEventId) {
  const headers = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) usage(`a header is 'Name: value', got '${line}'`);
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  if (lastEventId !== undefined) headers.push(['Last-Event-ID', lastEventId]);
  return headers;
}

function formatEvent(event, json) {
  if (json) return JSON.stringify({ type: event.type, data: event.data, id: event.lastEventId, origin: event.origin });
  return `${event.type === 'message' ? '' : `[${event.type}] `}${event.lastEventId === '' ? '' : `#${event.lastEventId} `}${event.data}`;
}

// The command line read into what main() needs; --help and --version are answered here.
function readCommand() {
  const { values, positionals } = readArguments(process.argv.slice(2));
  if (values.help) return void process.stdout.write(`${HELP}\n`);
  if (values.version) {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return void process.stdout.write(`${version}\n`);
  }
  if (positionals.length !== 1)
    usage(positionals.length === 0 ? 'no URL given' : `one URL, got ${positionals.length} arguments`);
  const maxEvents = positiveNumber('max-events', values['max-events'], true);
  const timeout = positiveNumber('timeout', values.timeout, false);
  const body = readBody(values.data);
  return {
    url: positionals[0],
    values,
    maxEvents,
    timeout,
    init: {
      method: values.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: readHeaders(values.header, values['last-event-id']),
      body,
    },
  };
}

// Ends the run: stop(code) closes the source and sets the exit code; halt(code) also drops what is still
// queued (--timeout, Ctrl-C). Returns { stop, halted() }.
function stopping(source, timeout) {
  const stop = (code) => {
    source.close();
    clearTimeout(timer);
    process.off('SIGINT', interrupt);
    process.exitCode = code;
  };
  let halted = false;
  const halt = (code) => {
    halted = true;
    stop(code);
  };
  const interrupt = () => halt(EXIT.interrupted);
  process.on('SIGINT', interrupt);
  const timer =
    timeout === undefined
      ? undefined
      : setTimeout(() => {
          process.stderr.write(`eventsource-wasm: --timeout (${timeout} s) passed\n`);
          halt(EXIT.timeout);
        }, timeout * 1000);
  return { stop, halted: () => halted };
}

async function main() {
  const command = readCommand();
  if (command === undefined) return;
  const { url, values, maxEvents, timeout, init } = command;
  if (values.legacy) await import('./legacy.js');
  const { EventSource } = await import('./index.js');
  let source;
  try {
    source = new EventSource(url, init);
  } catch (error) {
    return usage(error.message);
  }
  const { stop, halted } = stopping(source, timeout);
  source.onopen = () => process.stderr.write(`eventsource-wasm: open ${url}\n`);
  source.onerror = (event) => {
    if (
      values.once &&
      source.readyState === EventSource.CONNECTING &&
      event.status === undefined &&
      event.cause === undefined
    ) {
      return stop(EXIT.done);
    }
    process.stderr.write(`eventsource-wasm: ${event.message}\n`);
    if (source.readyState === EventSource.CLOSED || values.once) stop(EXIT.failed);
  };
  let count = 0;
  try {
    // Every type. Once the source is closed the loop gets what was dispatched before, then ends.
    for await (const event of source) {
      if (halted()) break;
      process.stdout.write(`${formatEvent(event, values.json)}\n`);
      if (++count === maxEvents) {
        stop(EXIT.done);
        break;
      }
    }
  } catch {
    // The connection failed: onerror above has said why and set the exit code.
  }
}

main();
