// The peers the benchmark compares against (eventsource, eventsource-parser, undici, event-source-polyfill),
// pinned in tests/bench/peers/package.json and installed into build/bench-peers/ when first imported (or
// again when the pins change). Not development dependencies: the newest eventsource and
// eventsource-parser declare Node >= 22.12, and npm would warn (EBADENGINE) on every install of the
// project under Node 20. They run on Node 20 all the same, as the bench shows.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installPinnedSync } from '../js/helpers/pinned-packages.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Where the peers are installed: its node_modules holds them. */
export const PEERS_DIR = join(root, 'build/bench-peers');
/** The peers by package name. */
export const PEERS = ['eventsource-parser', 'eventsource', 'undici', 'event-source-polyfill'];

installPinnedSync(
  join(root, 'tests/bench/peers/package.json'),
  PEERS_DIR,
  PEERS.map((name) => `node_modules/${name}/package.json`),
);

/** require() from the peers' directory (undici's internals are CommonJS). */
export const requirePeer = createRequire(join(PEERS_DIR, 'package.json'));

/** The ES module (or CommonJS namespace) of a peer. */
export function importPeer(specifier) {
  return import(pathToFileURL(requirePeer.resolve(specifier)).href);
}

/** A file of a peer's package: `${name}/${path}`. */
export function peerFile(name, path) {
  return join(PEERS_DIR, 'node_modules', name, path);
}

/** The installed version of each peer: { name: version }. */
export function peerVersions() {
  return Object.fromEntries(
    PEERS.map((name) => [name, JSON.parse(readFileSync(peerFile(name, 'package.json'), 'utf8')).version]),
  );
}
