// The benchmark's settings, read once from the environment: full run by default, BENCH_QUICK=1 for a tiny one.
//
// BENCH_QUICK=1   everything, at tiny sizes (about a minute; for tests and for trying a change)
// BENCH_ROUNDS=n  timed rounds per cell (default 5, quick 1), after one warm-up round
// BENCH_BUDGET_S  the whole run's time bound in seconds (default 720: 12 minutes)
// BENCH_ONLY=a,b  run only these sections (parse, e2e, idle, sizes, browser); for development
// BENCH_NODE=v    the Node that runs the end-to-end section's clients: 22, 24 or 26 (from npm, installed into
//                 build/runtimes/ as the tests install them), or a path; default: the Node running the bench.
//                 Node 22 and later have another MessageEvent (undici's), which weighs on every client.
// BENCH_ENGINES=a,b the browser section's engines (chromium, firefox, webkit; default all three)

const SECTIONS = ['parse', 'e2e', 'idle', 'sizes', 'browser'];

/** Numbers that differ between the full and the quick run. */
const PROFILES = {
  full: {
    scale: 1, // workload sizes as in workloads.js (about 7 MiB each)
    rounds: 5,
    pacedEvents: 10_000, // one second at the paced rate
    pacedRate: 10_000, // events/s
    idleCounts: [1000, 5000],
    sectionTimeoutS: { parse: 200, e2e: 240, idle: 200, sizes: 60, browser: 360 },
  },
  quick: {
    scale: 0.01,
    rounds: 1,
    pacedEvents: 300,
    pacedRate: 10_000,
    idleCounts: [20, 50],
    sectionTimeoutS: { parse: 60, e2e: 60, idle: 60, sizes: 60, browser: 150 },
  },
};

function positiveInteger(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const ENGINES = ['chromium', 'firefox', 'webkit'];

// The names of `known` the variable `name` lists (comma-separated), in known's order; all of them when unset.
function listFromEnv(name, known) {
  const raw = process.env[name];
  if (!raw) return known;
  const wanted = raw.split(',').map((s) => s.trim());
  const unknown = wanted.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`${name}: unknown name(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return known.filter((s) => wanted.includes(s));
}

/**
 * The run's settings: { quick, scale, rounds, pacedEvents, pacedRate, idleCounts, sectionTimeoutS, budgetS,
 * sections, engines, node (BENCH_NODE, or null) }.
 */
export function benchConfig() {
  const quick = process.env.BENCH_QUICK === '1';
  const profile = quick ? PROFILES.quick : PROFILES.full;
  return {
    ...profile,
    quick,
    rounds: positiveInteger('BENCH_ROUNDS', profile.rounds),
    budgetS: positiveInteger('BENCH_BUDGET_S', 720),
    node: process.env.BENCH_NODE || null,
    sections: listFromEnv('BENCH_ONLY', SECTIONS),
    engines: listFromEnv('BENCH_ENGINES', ENGINES),
  };
}
