// The demo server (npm start) and the README's Node example, run as a user would run them.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../../demo/server.js';
import { EventSource } from '../../js/index.js';
import { waitFor } from './helpers/events.js';

const root = new URL('../../', import.meta.url);

describe('demo server', function () {
  let demo;
  before(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  after(() => demo.close());

  it('serves its pages, the shim, the Wasm core and the fixture corpus the conformance page reads', async () => {
    for (const [path, marker] of [
      ['', 'conformance-page.js'],
      ['clock.html', 'clock-page.js'],
      ['chat.html', 'chat'],
      ['chat-legacy.html', 'chat'],
      ['wall.html', 'wall'],
    ]) {
      const page = await fetch(new URL(path, demo.url));
      assert.equal(page.status, 200, path);
      assert.ok((await page.text()).includes(marker), `${path || '/'} does not mention ${marker}`);
    }
    const corpus = await fetch(new URL('fixtures/stream-cases.json', demo.url));
    assert.equal(corpus.headers.get('content-type'), 'application/json');
    assert.ok((await corpus.json()).length >= 40);
    for (const path of [
      'js/index.js',
      'js/interface/event-source.js',
      'dist/sse-core.mjs',
      'fixtures/stream-case.js',
    ]) {
      const response = await fetch(new URL(path, demo.url));
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'text/javascript', path);
      await response.arrayBuffer();
    }
    // The cores js/core/core-module.js fetches, typed so that the browser compiles them while downloading.
    for (const path of ['dist/sse-core.wasm', 'dist/sse-core-legacy.wasm']) {
      const response = await fetch(new URL(path, demo.url));
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'application/wasm', path);
      await response.arrayBuffer();
    }
  });

  it('does not serve files outside its folders', async () => {
    const response = await fetch(new URL('js/%2e%2e/package.json', demo.url));
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });

  it('streams the server time with ids that resume after Last-Event-ID', async () => {
    const source = new EventSource(new URL('events/clock', demo.url));
    const first = await waitFor(source, 'message', 1, 4000).finally(() => source.close());
    assert.ok(!Number.isNaN(Date.parse(first[0].data)), first[0].data);
    assert.equal(first[0].lastEventId, '1');
    const response = await fetch(new URL('events/clock', demo.url), { headers: { 'Last-Event-ID': '41' } });
    const reader = response.body.getReader();
    let text = '';
    while (!text.includes('\n\nid:') && !text.includes('id: 42'))
      text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    assert.match(text, /id: 42\n/);
  });

  /** Runs the README's `<!-- example:<name> -->` block as a script of its own, against this demo server. */
  async function runReadmeExample(name) {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const example = readme.match(new RegExp(`<!-- example:${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\`\`\``))?.[1];
    assert.ok(example, `README has no <!-- example:${name} --> block`);
    const port = new URL(demo.url).port;
    // Inside the package, so 'eventsource-wasm' resolves to this checkout through package.json exports.
    mkdirSync(new URL('build/', root), { recursive: true });
    const file = new URL(`build/readme-example-${name}.mjs`, root);
    writeFileSync(file, example.replace('127.0.0.1:8080', `127.0.0.1:${port}`));
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [fileURLToPath(file)], { timeout: 8000 }, (error, out) =>
        error ? reject(error) : resolve(out),
      );
    });
  }

  it('runs the README Node example as written and prints three ticks', async () => {
    const stdout = await runReadmeExample('node');
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], 'open');
    assert.equal(lines.length, 4, stdout);
    lines.slice(1).forEach((line, i) => assert.match(line, new RegExp(`^#${i + 1} \\d{4}-\\d\\d-\\d\\dT`)));
  });

  it('runs the README request-options example as written: a POSTed chat completion, streamed to [DONE]', async () => {
    assert.equal(await runReadmeExample('request'), 'You said: hello there\n');
  });

  it('runs the README retry example as written: one reconnection, then retries-exhausted and CLOSED', async function () {
    this.timeout(15000);
    assert.equal(await runReadmeExample('retry'), 'reconnecting 0 1 3000\nretries-exhausted 2 undefined undefined\n');
  });

  it("runs the README iteration example as written: two ticks, then the loop's break closed the source", async () => {
    const lines = (await runReadmeExample('iterate')).trim().split('\n');
    assert.equal(lines.length, 3, lines.join('\n'));
    lines.slice(0, 2).forEach((line) => assert.match(line, /^\d+ \d{4}-\d\d-\d\dT/));
    assert.equal(lines[2], 'closed: true');
  });

  it('runs the README fromReadableStream example as written: two ticks from a fetched body, then close() lets it exit', async () => {
    const lines = (await runReadmeExample('from-stream')).trim().split('\n');
    assert.equal(lines.length, 2, lines.join('\n'));
    lines.forEach((line) => assert.match(line, /^#\d+ \d{4}-\d\d-\d\dT/));
  });

  it('runs the README parser example as written: the split event, then one event of a fetched stream', async () => {
    const lines = (await runReadmeExample('parser')).trim().split('\n');
    assert.equal(lines[0], "{ type: 'greeting', data: 'hello', id: '1' }");
    assert.match(lines[1], /^\d+ \d{4}-\d\d-\d\dT/);
    assert.equal(lines.length, 2);
  });

  it('runs the README command-line transcript as written and prints what it shows (times aside)', async function () {
    this.timeout(20000);
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const transcript = readme.match(/<!-- example:cli -->\n```\n([\s\S]*?)```/)?.[1];
    assert.ok(transcript, 'README has no <!-- example:cli --> block');
    const port = new URL(demo.url).port;
    // Commands start with "$ npx eventsource-wasm", continue after a trailing backslash; their output follows.
    const runs = [];
    for (const line of transcript
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .filter(Boolean)) {
      if (line.startsWith('$ ')) runs.push({ command: line.slice(2), lines: [] });
      else runs.at(-1).lines.push(line.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`));
    }
    assert.ok(runs.length >= 2);
    const time = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;
    for (const { command, lines } of runs) {
      const words = [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
      assert.deepEqual(words.slice(0, 2), ['npx', 'eventsource-wasm']);
      const args = words.slice(2).map((word) => word.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`));
      const { stdout, stderr } = await new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          [fileURLToPath(new URL('js/cli.js', root)), ...args],
          { timeout: 10000 },
          (error, out, err) =>
            error ? reject(new Error(`${command}: ${error.message}\n${err}`)) : resolve({ stdout: out, stderr: err }),
        );
      });
      const expectedErr = lines.filter((l) => l.startsWith('eventsource-wasm: ')).join('\n');
      const expectedOut = lines
        .filter((l) => !l.startsWith('eventsource-wasm: '))
        .join('\n')
        .replace(time, 'T');
      assert.equal(stderr.trim(), expectedErr, command);
      assert.equal(stdout.trim().replace(time, 'T'), expectedOut, command);
    }
  });

  it('answers the mock completions API with 401 and a JSON error for a wrong key, 400 for a bad body', async () => {
    const post = (headers, body) => fetch(new URL('api/completions', demo.url), { method: 'POST', headers, body });
    const unauthorized = await post({ Authorization: 'Bearer wrong' }, '{}');
    assert.equal(unauthorized.status, 401);
    assert.deepEqual(await unauthorized.json(), { error: 'invalid key' });
    const bad = await post({ Authorization: 'Bearer demo-key' }, 'not json');
    assert.equal(bad.status, 400);
    await bad.arrayBuffer();
  });
});
