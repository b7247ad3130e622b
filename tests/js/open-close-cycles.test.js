// Open and close, over and over: 10,000 EventSources opened and closed in a Node process
// of their own (tests/js/helpers/open-close-cycles-child.mjs), after 5,000 to warm up. No C++ object is
// left alive, the JS heap grows by at most 0.2 MiB over the 10,000 (the Theil-Sen slope of its samples), and the process exits by itself within 100 ms of the last
// close(). SSE_CYCLES sets the count.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const CYCLES = Number(process.env.SSE_CYCLES ?? 10000);
const CHILD = fileURLToPath(new URL('helpers/open-close-cycles-child.mjs', import.meta.url));
const MAX_HEAP_GROWTH = 0.2 * 2 ** 20;
const MAX_EXIT_MS = 100;

describe(`${CYCLES.toLocaleString('en')} open/close cycles in one Node process`, function () {
  it('leaves no C++ object alive, grows the JS heap by at most 0.2 MiB, and exits within 100 ms of the last close()', async function () {
    this.timeout(120000);
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      res.write(': open\n\n');
    });
    await new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, resolve));
    try {
      const child = spawn(
        process.execPath,
        ['--expose-gc', CHILD, `http://127.0.0.1:${server.address().port}/`, String(CYCLES)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (chunk) => void (out += chunk));
      const exitedAt = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error('the child did not exit within 110 s'));
        }, 110000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          return code === 0 ? resolve(Date.now()) : reject(new Error(`the child exited with ${code}: ${out}`));
        });
      });
      const figures = JSON.parse(out.trim().split('\n').at(-1));
      const exitMs = exitedAt - figures.closedAt;
      console.log(
        `      created ${figures.created}, deleted ${figures.deleted}; heap growth ${(figures.heapGrowth / 1024).toFixed(1)} KiB; exit ${exitMs} ms after the last close`,
      );
      assert.equal(figures.created, CYCLES + 5000); // with the warm-up's
      assert.equal(figures.live, 0, `${figures.live} C++ objects alive`);
      assert.ok(figures.heapGrowth <= MAX_HEAP_GROWTH, `heap grew ${figures.heapGrowth} bytes`);
      assert.ok(exitMs <= MAX_EXIT_MS, `exited ${exitMs} ms after the last close`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
