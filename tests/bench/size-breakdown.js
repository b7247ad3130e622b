// Where the bytes go, for the sizes section: the standard script tag's modules (the metafile build.sh has
// esbuild write: the minified bytes each module puts in the bundle), and the standard core's Wasm by function and by C++
// class (the code section of the same core built with its function names, bash build.sh --wasm-names).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const NAMED_CORE = join(root, 'build/wasm/names/sse-core.wasm');
const SCRIPT_TAG_METAFILE = join(root, 'build/eventsource-wasm.meta.json'); // written by build.sh

/**
 * The script tag's modules as build.sh bundled it (esbuild's metafile, before the terser pass): { total,
 * rows: [{ module, bytes }] }, largest first. The Wasm is inside dist/sse-core-deflated.mjs, as deflate-raw
 * in base64.
 */
export function scriptTagModules() {
  return metafileModules(JSON.parse(readFileSync(SCRIPT_TAG_METAFILE, 'utf8')));
}

// The modules of the extensions (beyond the standard interface): request options, retry policy, iteration,
// fromReadableStream, sharing; the issue of what a standard-only page should not pay for.
const EXTENSION_MODULES = [
  /^js\/sharing\//,
  /^js\/options\/(request-options|retry-policy|extension-options)\.js$/,
  /^js\/interface\/(event-iteration|readable-stream-source)\.js$/,
];

/**
 * The modules of an esbuild metafile's one output: { total, extensions (bytes of EXTENSION_MODULES), rows:
 * [{ module, bytes, extension }] }, largest first.
 */
export function metafileModules(metafile) {
  const [output] = Object.values(metafile.outputs);
  const rows = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({
      module: path,
      bytes: bytesInOutput,
      extension: EXTENSION_MODULES.some((pattern) => pattern.test(path)),
    }))
    .filter((row) => row.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const extensions = rows.filter((row) => row.extension).reduce((sum, row) => sum + row.bytes, 0);
  return { total: output.bytes, extensions, rows };
}

/**
 * The standard core's sections and functions: { sections: [{ name, bytes }], code: the code section's
 * bytes, functions: [{ name, bytes }] and classes: [{ name, bytes, count }], largest first }. Builds the
 * named core first when it is missing or older than dist/sse-core.wasm.
 */
export function wasmBreakdown() {
  const shipped = join(root, 'dist/sse-core.wasm');
  if (!existsSync(NAMED_CORE) || statSync(NAMED_CORE).mtimeMs < statSync(shipped).mtimeMs)
    execFileSync('bash', [join(root, 'build.sh'), '--wasm-names'], { stdio: 'ignore' });
  const module = readWasm(readFileSync(NAMED_CORE));
  const functions = module.bodies
    .map((bytes, i) => ({ name: module.names.get(module.imported + i) ?? `function ${module.imported + i}`, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
  const classes = new Map();
  for (const { name, bytes } of functions) {
    const key = classOf(name);
    const entry = classes.get(key) ?? { name: key, bytes: 0, count: 0 };
    entry.bytes += bytes;
    entry.count++;
    classes.set(key, entry);
  }
  return {
    sections: module.sections.filter((s) => s.name !== 'name'),
    code: module.sections.find((s) => s.name === 'code')?.bytes ?? 0,
    functions,
    classes: [...classes.values()].sort((a, b) => b.bytes - a.bytes),
  };
}

// A function's owner: the core's class (sse::StreamParser), Embind, or the C and C++ runtime.
function classOf(name) {
  const core = /^sse::(?:\(anonymous namespace\)::)?([A-Za-z_]\w*)::/.exec(name);
  if (core) return `sse::${core[1]}`;
  if (name.startsWith('sse::')) return 'sse:: (free functions)';
  if (/emscripten::|embind|_embind_/.test(name)) return 'Embind';
  return 'C/C++ runtime and exports';
}

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start'];
SECTION_NAMES.push('element', 'code', 'data', 'data count');

// The binary's sections, the size of each function body (the code section's entries, with their size
// prefix), how many functions are imported (function indices count them first) and the name section's
// function names.
function readWasm(bytes) {
  let pos = 8; // magic and version
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[pos++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const string = () => {
    const length = leb();
    pos += length;
    return bytes.toString('utf8', pos - length, pos);
  };
  const limits = () => {
    const flags = bytes[pos++];
    leb();
    if (flags & 1) leb();
  };
  const out = { sections: [], bodies: [], imported: 0, names: new Map() };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const end = pos + size;
    let name = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) name = string();
    out.sections.push({ name, bytes: end - pos + (id === 0 ? name.length + 1 : 0) });
    if (id === 2) {
      for (let count = leb(); count > 0; count--) {
        string();
        string();
        const kind = bytes[pos++];
        if (kind === 0) (out.imported++, leb());
        else if (kind === 1) (pos++, limits());
        else if (kind === 2) limits();
        else pos += 2; // a global: its value type and mutability
      }
    } else if (id === 10) {
      for (let count = leb(); count > 0; count--) {
        const start = pos;
        const length = leb();
        out.bodies.push(pos - start + length);
        pos += length;
      }
    } else if (id === 0 && name === 'name') {
      while (pos < end) {
        const subsection = bytes[pos++];
        const length = leb();
        const next = pos + length;
        if (subsection === 1) for (let count = leb(); count > 0; count--) out.names.set(leb(), string());
        pos = next;
      }
    }
    pos = end;
  }
  return out;
}
