// Writes js/core/boundary.js from cpp/src/boundary.def, the one declaration of the JS/Wasm boundary.
// Usage: node cpp/wasm/boundary_to_js.mjs [--check]
//   (no flag) write js/core/boundary.js (build.sh runs this before building the core)
//   --check   write nothing; exit 1 if js/core/boundary.js is not what boundary.def says
// Every declaration line of the .def must be understood: an unknown macro or a malformed line fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEF = fileURLToPath(new URL('../src/boundary.def', import.meta.url));
const OUT = fileURLToPath(new URL('../../js/core/boundary.js', import.meta.url));

// kStartRequest -> START_REQUEST; text_units -> TEXT_UNITS.
const upperSnake = (name) =>
  name
    .replace(/^k(?=[A-Z])/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();
const number = (text) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`not a uint32: ${text}`);
  return value;
};
const literal = (value) => (value >= 0x80000000 ? `0x${value.toString(16)}` : String(value));

/** The declarations of `source`, in order: { macro, args, comment, line }. */
export function readDeclarations(source) {
  const declarations = [];
  source.split('\n').forEach((text, index) => {
    const match = /^SSE_([A-Z_]+)\(([^)]*)\)\s*(?:\/\/\s*(.*))?$/.exec(text);
    if (match === null) {
      if (/^SSE_/.test(text)) throw new Error(`boundary.def:${index + 1}: cannot read "${text}"`);
      return;
    }
    const args = match[2].split(',').map((arg) => arg.trim());
    declarations.push({ macro: match[1], args, comment: match[3] ?? '', line: index + 1 });
  });
  return declarations;
}

/** The text of js/core/boundary.js for the declarations of boundary.def. */
export function boundaryModule(declarations) {
  const sections = {
    CONSTANT: [],
    ACTION_KIND: [],
    DISPATCH_FLAG: [],
    ERROR_REASON: [],
    VIEW_FIELD: [],
    SESSION_OPTION: [],
    CORE_FLAG: [],
  };
  for (const declaration of declarations) {
    const section = sections[declaration.macro];
    if (section === undefined) throw new Error(`boundary.def:${declaration.line}: unknown SSE_${declaration.macro}`);
    section.push(declaration);
  }
  const doc = (comment) => (comment ? ` // ${comment}` : '');
  const out = [
    '// Generated from cpp/src/boundary.def by cpp/wasm/boundary_to_js.mjs (build.sh runs it): do not edit.',
    '// The numbers the C++ core and js/ agree on; what each means is said there.',
    '',
    '// Constants and defaults.',
    ...sections.CONSTANT.map(
      ({ args: [name, value], comment }) =>
        `export const ${upperSnake(name)} = ${literal(number(value))};${doc(comment)}`,
    ),
    '',
    '// ActionKind: the first word of each record.',
    ...sections.ACTION_KIND.map(
      ({ args: [name, value], comment }) => `export const ${upperSnake(name)} = ${number(value)};${doc(comment)}`,
    ),
    '',
    "// Bits of DISPATCH_OPTIONS' c.",
    ...sections.DISPATCH_FLAG.map(
      ({ args: [name, value] }) => `export const ${upperSnake(name)}_FLAG = ${number(value)};`,
    ),
    '',
    '// BatchView: word offsets from WasmWorkspace.view().',
    ...sections.VIEW_FIELD.map(
      ({ args: [name], comment }, i) => `export const VIEW_${upperSnake(name)} = ${i};${doc(comment)}`,
    ),
    '',
    '// SessionOptions: word offsets of what `new WasmEventSource(workspace)` reads from the input buffer.',
    ...sections.SESSION_OPTION.map(
      ({ args: [name], comment }, i) => `export const OPTION_${upperSnake(name)} = ${i};${doc(comment)}`,
    ),
    `export const SESSION_OPTION_WORDS = ${sections.SESSION_OPTION.length};`,
    '',
    "/** Bits of SessionOptions' flags. */",
    'export const CoreFlags = Object.freeze({',
    ...sections.CORE_FLAG.map(
      ({ args: [name, value], comment }) => `  ${upperSnake(name)}: ${number(value)},${doc(comment)}`,
    ),
    '});',
    '',
    '/** The `code` of an `error` event, indexed by ErrorReason. */',
    'export const ERROR_CODES = Object.freeze([',
  ];
  sections.ERROR_REASON.forEach(({ args: [name, value, code], line }, i) => {
    if (number(value) !== i)
      throw new Error(`boundary.def:${line}: ${name} must be ${i}: ERROR_CODES is indexed by it`);
    if (!/^"[a-z-]+"$/.test(code))
      throw new Error(`boundary.def:${line}: the code of ${name} must be a "kebab-case" string`);
    out.push(`  '${code.slice(1, -1)}',`);
  });
  out.push(']);', '');
  return out.join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const text = boundaryModule(readDeclarations(readFileSync(DEF, 'utf8')));
  if (process.argv[2] === '--check') {
    let current = '';
    try {
      current = readFileSync(OUT, 'utf8');
    } catch {}
    if (current !== text) {
      console.error('js/core/boundary.js is not what cpp/src/boundary.def says: run node cpp/wasm/boundary_to_js.mjs');
      process.exit(1);
    }
  } else if (process.argv[2] === undefined) {
    writeFileSync(OUT, text);
  } else {
    console.error(`boundary_to_js.mjs: unknown argument ${process.argv[2]}`);
    process.exit(2);
  }
}
