// The CLI (js/cli.js, `npx eventsource-wasm`) run as a command in its own process against the test
// server: output formats, request options, exit codes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/sse-test-server.js';

const CLI = fileURLToPath(new URL('../../js/cli.js', import.meta.url));

/** Runs the CLI with `args`; resolves { code, stdout, stderr } (bounded: killed after 10 s). */
function cli(args, { input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { timeout: 10000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

describe('the CLI (eventsource-wasm <url>)', function () {
  this.timeout(15000);
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('prints events readably, their type and id marked, and exits 0 after --max-events', async () => {
    const body = 'event: greeting\ndata: hello\ndata: world\n\nid: 7\ndata: second\n\ndata: third\n\n';
    const { code, stdout, stderr } = await cli([
      '--max-events',
      '3',
      server.url(`/raw?body=${encodeURIComponent(body)}`),
    ]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '[greeting] hello\nworld\n#7 second\n#7 third\n');
    assert.match(stderr, /^eventsource-wasm: open http:\/\/127\.0\.0\.1:\d+\/raw/);
  });

  it('prints JSON lines with --json', async () => {
    const { code, stdout } = await cli(['--json', '--max-events', '2', server.url('/counter?n=5')]);
    assert.equal(code, 0);
    const origin = new URL(server.url('/')).origin;
    assert.deepEqual(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
      [
        { type: 'message', data: '1', id: '1', origin },
        { type: 'message', data: '2', id: '2', origin },
      ],
    );
  });

  it('sends -H headers, -X method and -d data (@- from standard input)', async () => {
    const { code, stdout } = await cli(
      [
        '-X',
        'PUT',
        '-H',
        'Authorization: Bearer t0k',
        '-H',
        'X-One:1',
        '-d',
        '@-',
        '--json',
        '--max-events',
        '1',
        server.url('/echo-request'),
      ],
      { input: '{"q":1}' },
    );
    assert.equal(code, 0);
    const { method, headers, body } = JSON.parse(JSON.parse(stdout).data);
    assert.deepEqual([method, headers.authorization, headers['x-one'], body], ['PUT', 'Bearer t0k', '1', '{"q":1}']);
    const post = await cli(['-d', 'a=1', '--json', '--max-events', '1', server.url('/echo-request')]);
    assert.equal(JSON.parse(JSON.parse(post.stdout).data).method, 'POST', 'data without -X means POST');
  });

  it('resumes from --last-event-id', async () => {
    const { stdout } = await cli(['--last-event-id', '3', '--max-events', '2', server.url('/counter?n=9')]);
    assert.equal(stdout, '#4 4\n#5 5\n');
  });

  it('reconnects after a dropped connection and keeps printing', async () => {
    const { code, stdout, stderr } = await cli(['--max-events', '5', server.url('/drop?retry=20&n=3&total=5')]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '#1 1\n#2 2\n#3 3\n#4 4\n#5 5\n');
    assert.match(stderr, /reconnecting/);
  });

  it('with --once exits 0 when the response ends instead of reconnecting, and 1 on a network error', async () => {
    const ended = await cli(['--once', server.url('/counter?n=2&end=1')]);
    assert.equal(ended.code, 0, ended.stderr);
    assert.equal(ended.stdout, '#1 1\n#2 2\n');
    const dropped = await cli(['--once', server.url('/network-error?fail=1')]);
    assert.equal(dropped.code, 1);
    assert.match(dropped.stderr, /The connection failed/);
  });

  it('exits 1 when the connection fails, saying why', async () => {
    const { code, stdout, stderr } = await cli([server.url('/status?code=404')]);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /The server answered 404 Not Found, not 200; not reconnecting\./);
  });

  it('exits 3 once --timeout has passed', async () => {
    const { code, stdout, stderr } = await cli(['--timeout', '0.3', server.url('/counter?n=1')]);
    assert.equal(code, 3);
    assert.equal(stdout, '#1 1\n');
    assert.match(stderr, /--timeout \(0\.3 s\) passed/);
  });

  it('reads a legacy stream with --legacy, and fails it without', async () => {
    const url = server.url(
      `/raw?${new URLSearchParams({ type: 'application/x-dom-event-stream', body: 'Event: tick\ndata: 1\n\n' })}`,
    );
    assert.equal((await cli(['--legacy', '--max-events', '1', url])).stdout, '[tick] 1\n');
    assert.equal((await cli([url])).code, 1);
  });

  it('exits 2 on bad arguments, and prints help and version with code 0', async () => {
    for (const args of [
      [],
      ['a', 'b'],
      ['--max-events', '0', 'http://x/'],
      ['--nope', 'http://x/'],
      ['-H', 'novalue', 'http://x/'],
      ['not a url'],
    ]) {
      const { code, stderr } = await cli(args);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /Try eventsource-wasm --help/);
    }
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: eventsource-wasm \[options\] <url>/);
    assert.match(help.stdout, /Exit codes:/);
    assert.match((await cli(['-V'])).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
