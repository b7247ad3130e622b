// What all sessions of one loaded core share: the C++ WasmWorkspace (one input buffer and one action
// batch, cpp/wasm/bindings.cc), views of Wasm memory kept fresh across growth, and the batch read out.
import {
  RECORD_WORDS,
  VIEW_COUNT,
  VIEW_INPUT,
  VIEW_INPUT_CAPACITY,
  VIEW_TEXT,
  VIEW_TEXT_UNITS,
  VIEW_TEXT_WIDE,
  VIEW_WORDS,
} from './boundary.js';

// Batches of up to this many words (about 13,000 events) are copied into a reused array rather than a
// new one each time: allocating the copy was a measurable part of the per-chunk cost (one event per
// chunk: 27.6 -> 17.7 ms for 100,000 events with the rest of this file's changes). 256 KiB at most.
const SCRATCH_WORDS = 1 << 16;
// Below this many words a loop copies faster than creating a subarray for set().
const LOOP_COPY_WORDS = 64;

// The text arena becomes one string per batch, sliced by the records. It holds Latin-1 bytes while all
// its text is ASCII and UTF-16LE units otherwise (cpp/src/action_batch.h), so no UTF-8 decoding happens
// here. Node's Buffer methods make strings from both at memory speed (Node 20, 40 KB of ASCII:
// latin1Slice 3.4 us, TextDecoder 35 us; 126 KB of UTF-16: ucs2Slice 12.5 us, TextDecoder('utf-16le')
// 42 us, TextDecoder of the same text in UTF-8 393 us). They take any Uint8Array as `this`.
// ignoreBOM: a U+FEFF at the start of the arena is data and must survive.
const { latin1Slice, ucs2Slice } = globalThis.Buffer?.prototype ?? {};
const narrowDecoder = new TextDecoder('utf-8', { ignoreBOM: true }); // the Latin-1 text here is ASCII
const wideDecoder = new TextDecoder('utf-16le', { ignoreBOM: true });

export class Workspace {
  /** The one workspace of `core`, made on first use and kept on the module object. */
  static of(core) {
    core.sseWorkspace ??= new Workspace(core);
    return core.sseWorkspace;
  }

  /** The C++ WasmWorkspace; `address` is passed to each WasmEventSource. */
  native;
  address;
  /** Word index of the BatchView in HEAPU32; the object never moves. */
  view;
  /** Views of Wasm memory: call refresh() before reading them after any call into the core. */
  u8;
  u32;
  #core;
  #feed; // the direct export sse_feed
  #replacesMemory; // the JS core's memory grows into a new ArrayBuffer and leaves the old one attached
  #scratch = new Uint32Array(LOOP_COPY_WORDS); // grows up to SCRATCH_WORDS with the batches seen
  #reading = 0; // batches being dispatched: a nested one must not reuse the scratch array

  constructor(core) {
    this.#core = core;
    this.native = new core.WasmWorkspace();
    this.address = this.native.address();
    this.view = this.native.view() >> 2;
    this.u8 = core.HEAPU8;
    this.u32 = core.HEAPU32;
    this.#feed = core._sse_feed;
    this.#replacesMemory = core.javascript === true;
  }

  /**
   * Memory growth detaches the old buffer (its views then have length 0): take the new views. The JS
   * core (wasm2js) grows into a new ArrayBuffer without detaching the old one: there, compare them.
   */
  refresh() {
    if (this.u32.length === 0 || (this.#replacesMemory && this.u32.buffer !== this.#core.HEAPU32.buffer)) {
      this.u8 = this.#core.HEAPU8;
      this.u32 = this.#core.HEAPU32;
    }
  }

  /** Copies `chunk` into the shared input buffer, growing it first when needed. */
  writeInput(chunk) {
    this.refresh();
    if (chunk.length > this.u32[this.view + VIEW_INPUT_CAPACITY]) {
      this.native.reserveInput(chunk.length);
      this.refresh();
    }
    this.u8.set(chunk, this.u32[this.view + VIEW_INPUT]);
  }

  /** The direct export sse_feed(source, size). */
  feed(source, size) {
    this.#feed(source, size);
  }

  /**
   * Runs `dispatch(words, size, text, context)` over the batch the last call left, taken out of Wasm
   * memory first: the batch is shared by every session, and a handler may feed or close another one.
   */
  read(dispatch, context) {
    this.refresh();
    const u32 = this.u32;
    const count = u32[this.view + VIEW_COUNT];
    if (count === 0) return;
    const size = count * RECORD_WORDS;
    const first = u32[this.view + VIEW_WORDS] >> 2;
    const words =
      this.#reading === 0 && size <= SCRATCH_WORDS
        ? this.#copyToScratch(u32, first, size)
        : u32.slice(first, first + size);
    const units = u32[this.view + VIEW_TEXT_UNITS];
    const text =
      units === 0 ? '' : this.#text(u32[this.view + VIEW_TEXT], units, u32[this.view + VIEW_TEXT_WIDE] !== 0);
    this.#reading++;
    try {
      dispatch(words, size, text, context);
    } finally {
      this.#reading--;
    }
  }

  #copyToScratch(u32, first, size) {
    let words = this.#scratch;
    if (size > words.length)
      words = this.#scratch = new Uint32Array(Math.min(SCRATCH_WORDS, Math.max(size, 2 * words.length)));
    if (size <= LOOP_COPY_WORDS) {
      for (let i = 0; i < size; i++) words[i] = u32[first + i];
    } else {
      words.set(u32.subarray(first, first + size));
    }
    return words;
  }

  #text(start, units, wide) {
    if (wide) {
      return ucs2Slice !== undefined
        ? ucs2Slice.call(this.u8, start, start + 2 * units)
        : wideDecoder.decode(this.u8.subarray(start, start + 2 * units));
    }
    return latin1Slice !== undefined
      ? latin1Slice.call(this.u8, start, start + units)
      : narrowDecoder.decode(this.u8.subarray(start, start + units));
  }
}
