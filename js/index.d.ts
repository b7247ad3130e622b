// Types of eventsource-wasm: the standard EventSource interface as lib.dom declares it, plus the
// package's extensions (options, and why an `error` fired).

/** The init dictionary: the standard `withCredentials`, and this package's extensions. */
export interface EventSourceInit {
  /** Send credentials (cookies, HTTP auth) cross-origin. Standard. */
  withCredentials?: boolean;
  /**
   * How the response is streamed: fetch body streams, XHR, node:http / node:https ('http', Node only),
   * node:http2 ('http2', Node only: HTTP/2 over TLS, or h2c for http: URLs; every source of the process
   * to one origin shares one session, each a stream of it), or 'auto' (default): 'http' in Node (for
   * http: and https: URLs), else fetch streams where available, else XHR.
   */
  transport?: 'auto' | 'fetch' | 'xhr' | 'http' | 'http2';
  /** The longest line accepted, in UTF-8 bytes (default 8 MiB); a longer one fails the connection. */
  maxLineLength?: number;
  /** The largest event data accepted, in UTF-8 bytes (default 16 MiB); larger fails the connection. */
  maxEventSize?: number;
  /** XHR transport: response characters after which the request is replaced between events (default 4 Mi). */
  xhrResponseLimit?: number;
  /**
   * Read application/x-dom-event-stream (Opera 9, 2006) responses with the legacy dialect: true
   * (default), false (fail them, as the standard does), or the dialect's options.
   */
  legacy?: boolean | { strictLineFeeds?: boolean; requireEventField?: boolean };
  /** The request method (default 'GET'); a body needs one that takes it, such as 'POST'. */
  method?: string;
  /**
   * Request headers, sent with every request of the source. `Accept` defaults to text/event-stream
   * unless set here; on a reconnection the resumed `Last-Event-ID` replaces one given here.
   */
  headers?: Record<string, string> | [string, string][] | EventSourceHeaders;
  /** The request body, sent again on each reconnection (so not a stream). */
  body?: string | ArrayBuffer | ArrayBufferView | URLSearchParams | EventSourceBlob | null;
  /** fetch's credentials mode; default from withCredentials ('include' when true, else 'same-origin'). */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** Aborting it closes the source, as close() does. */
  signal?: EventSourceAbortSignal;
  /** A fetch to make the requests with (it implies transport 'fetch'). */
  fetch?: (input: string, init: EventSourceFetchInit) => Promise<EventSourceResponse>;
  /**
   * Node's http transport only: the HTTP proxy to go through: its URL (`http://user:pass@host:port`, the
   * credentials sent as Proxy-Authorization), 'env' (HTTP_PROXY, HTTPS_PROXY and NO_PROXY, upper or lower
   * case), or false for none. Default: the environment's where NODE_USE_ENV_PROXY=1, else none. https: URLs
   * go through a CONNECT tunnel. Not with `fetch` or transport 'fetch' (give the fetch a dispatcher instead).
   */
  proxy?: string | URL | 'env' | false;
  /** Node's http transport only: how the server's TLS is checked, and the client's certificate (as node:tls takes them). */
  tls?: EventSourceTlsOptions;
  /** The retry policy (all opt-in; without it, reconnection follows the standard). */
  retry?: EventSourceRetryPolicy;
  /**
   * Milliseconds without any byte (comments count) after which a request counts as a dropped
   * connection: aborted and reconnected. 0 or absent: off.
   */
  inactivityTimeout?: number;
  /** The timers the source uses (default: the global ones and Date.now): for fake clocks in tests. */
  timers?: EventSourceTimers;
  /**
   * One network connection for every EventSource of this origin with the same URL and request, in all its
   * tabs and frames, held in a SharedWorker (js/shared-worker.js; `worker` names its URL where a bundler
   * moved it), or where there is none by a page elected with Web Locks, relaying over BroadcastChannel.
   * Each EventSource keeps its own readyState, events and close(). Where pages cannot share (no Web
   * Locks, or no page: Node, workers), the source has a connection of its own. Not with `fetch`,
   * `timers` or `retry.random` (functions cannot reach the holder), and `body` must be a string.
   */
  shared?: boolean | { worker: string | URL };
}

/** The `tls` option: node:tls's names and meanings (a PEM is a string or bytes). */
export interface EventSourceTlsOptions {
  /** The CAs to trust instead of Node's default ones (which NODE_EXTRA_CA_CERTS and --use-system-ca extend). */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  /** The client certificate chain, for servers that require one. */
  cert?: string | Uint8Array | Array<string | Uint8Array>;
  /** The client certificate's private key. */
  key?: string | Uint8Array | Array<string | Uint8Array>;
  /** The passphrase of an encrypted `key`. */
  passphrase?: string;
  /** false: accept any certificate (for development only). Default true. */
  rejectUnauthorized?: boolean;
  /** The name sent in SNI and checked against the certificate, instead of the URL's host. */
  servername?: string;
}

/** Opt-in extensions of the standard's reconnection. */
export interface EventSourceRetryPolicy {
  /**
   * Exponential backoff with full jitter: the n-th reconnection in a row without an `open` waits a
   * random time between the reconnection time (3 s, or what the server's `retry:` set) and
   * min(maxDelay, reconnection time * 2^(n-1)). Default false: always the reconnection time.
   */
  backoff?: boolean;
  /** The backoff's ceiling in ms (default 30000). */
  maxDelay?: number;
  /** Reconnections in a row without an `open` before the source gives up (error `retries-exhausted`, CLOSED). Default Infinity. */
  maxAttempts?: number;
  /**
   * Statuses that reconnect instead of failing the connection (numbers from 300 to 599, or '4xx', '5xx'),
   * waiting at least their Retry-After. Default none: any status but 200 fails, as the standard says.
   */
  statuses?: (number | '4xx' | '5xx')[];
  /** The jitter's random numbers in [0, 1) (default Math.random). */
  random?: () => number;
}

/** What the source schedules with: setTimeout/clearTimeout semantics, now() in ms since the epoch. */
export interface EventSourceTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: any): void;
  now(): number;
}

// Structural stand-ins for DOM and Node types, so the declarations work without lib.dom too.
/** addEventListener's options (lib.dom's AddEventListenerOptions). */
export interface EventSourceListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: EventSourceAbortSignal;
}

/** A listener function or object (lib.dom's EventListenerOrEventListenerObject). */
export type EventSourceListener = ((event: Event) => any) | { handleEvent(event: Event): any };

/** A Headers object (what fetch's Headers has in every lib). */
export interface EventSourceHeaders {
  forEach(callback: (value: string, name: string) => void): void;
  get(name: string): string | null;
}
/** A Blob. */
export interface EventSourceBlob {
  readonly size: number;
  readonly type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}
/** An AbortSignal. */
export interface EventSourceAbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
/**
 * What the fetch option is called with: fetch's RequestInit as the fetch transport fills it in. The
 * headers are a Headers, the body a string, Uint8Array, URLSearchParams, Blob or null, the signal an
 * AbortSignal (typed `any`, so the init goes on to fetch under lib.dom or Node's types alike).
 */
export interface EventSourceFetchInit {
  method: string;
  headers: any;
  body: any;
  cache: 'no-store';
  credentials: 'omit' | 'same-origin' | 'include';
  mode: 'cors';
  redirect: 'follow';
  signal: any;
}
/** What the fetch option's promise resolves to: the parts of a fetch Response the transport reads. */
export interface EventSourceResponse {
  readonly status: number;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> }; cancel(): Promise<void> } | null;
}

/** Why an `error` event fired (an extension; the standard's `error` carries no reason). */
export type EventSourceErrorCode =
  | 'reconnecting'
  | 'bad-status'
  | 'bad-content-type'
  | 'line-too-long'
  | 'event-too-large'
  | 'cors-refused'
  | 'invalid-request'
  | 'retries-exhausted'
  | 'stream-ended'
  | 'core-unavailable';

/** What this package adds to the `error` event. */
export interface EventSourceErrorDetails {
  readonly code: EventSourceErrorCode;
  /** The HTTP status, when the connection failed (or, with retry.statuses, reconnects) because of it. */
  readonly status: number | undefined;
  /** What happened, in a sentence: the status, the refused Content-Type, the network error's code. */
  readonly message: string;
  /**
   * With code `reconnecting`: which reconnection in a row this is, 1 for the first after a drop (an `open`
   * counts again from 1). Absent for other codes.
   */
  readonly attempt?: number;
  /**
   * With code `reconnecting`: milliseconds until the next request (the reconnection time, a `retry:` field's,
   * the retry policy's backoff with its jitter drawn, or a Retry-After). Absent for other codes, and while the
   * page is in the back/forward cache (it reconnects when the page comes back).
   */
  readonly retryIn?: number;
  /**
   * The underlying error: of a network error (its `code`: ECONNREFUSED, ENOTFOUND, a TLS error's; in
   * Node), of an invalid request (a TypeError), or of the core's load. Absent when there is none.
   */
  readonly cause?: unknown;
  /** A failed (bad-status, bad-content-type) or retried response's status text. */
  readonly statusText?: string;
  /** A failed response's headers. */
  readonly headers?: EventSourceHeaders;
  /** The start of a failed response's body, up to 4 KiB of it, as UTF-8 text. */
  readonly body?: string;
}

/** The `error` event: a plain Event, as the standard says, with the reason added. */
export interface EventSourceErrorEvent extends Event, EventSourceErrorDetails {}

/** What a `for await` loop over a source throws when the connection fails. */
export interface EventSourceIterationError extends Error {
  readonly code: EventSourceErrorCode;
  readonly status: number | undefined;
  /** The error event that failed the connection. */
  readonly cause: EventSourceErrorEvent;
}

export interface EventSourceEventMap {
  error: EventSourceErrorEvent;
  message: MessageEvent;
  open: Event;
}

/**
 * What `this` is in an event handler attribute: the standard members only, so that this package's
 * EventSource (which also has iteration members) and lib.dom's stay assignable to each other.
 */
export interface StandardEventSource extends EventTarget {
  readonly url: string;
  readonly withCredentials: boolean;
  readonly readyState: number;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSED: 2;
  close(): void;
}

/**
 * What EventSource.fromReadableStream reads: a ReadableStream (lib.dom's, Node's) whose chunks are
 * Uint8Arrays, other ArrayBuffer views, ArrayBuffers or strings.
 */
export interface EventSourceReadableStream {
  readonly locked: boolean;
  getReader(): unknown;
}

/** The standard EventSource (WHATWG HTML §9.2.2), backed by the WebAssembly core. */
export declare class EventSource extends EventTarget {
  constructor(url: string | URL, eventSourceInitDict?: EventSourceInit);

  /**
   * Experimental (the whatwg/html#12272 proposal; no browser has it): an EventSource that reads its
   * event stream from `stream` (which it locks) instead of making requests. Its url is
   * `about:event-stream`, its events' origin "null"; it opens once reading starts, never reconnects,
   * and fires `error` (code `stream-ended`, CLOSED) when the stream ends or errors; close() cancels the
   * stream. Throws a TypeError if the stream is locked. Not in the script-tag builds.
   */
  static fromReadableStream(stream: EventSourceReadableStream): EventSource;

  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSED: 2;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSED: 2;

  /** The absolute URL of the stream. */
  readonly url: string;
  readonly withCredentials: boolean;
  /** CONNECTING (0), OPEN (1) or CLOSED (2). A number, as in lib.dom, so the types stay interchangeable. */
  readonly readyState: number;

  onopen: ((this: StandardEventSource, ev: Event) => any) | null;
  onmessage: ((this: StandardEventSource, ev: MessageEvent) => any) | null;
  /**
   * The event is an EventSourceErrorEvent. Typed as an Event whose extension fields may be missing, so
   * that `event.code` and friends type-check in a handler and a source still stands where lib.dom's
   * EventSource (whose onerror takes any Event) is expected.
   */
  onerror: ((this: StandardEventSource, ev: Event & Partial<EventSourceErrorDetails>) => any) | null;

  /** Aborts the request and any pending reconnection; no event fires afterwards. */
  close(): void;

  /** Experimental (whatwg/html#12272): the last event ID string, what a reconnection sends as Last-Event-ID. */
  readonly lastEventId: string;
  /** Experimental (whatwg/html#12272): the reconnection time in ms (3000 until a `retry` field sets it). */
  readonly reconnectionTime: number;

  /**
   * `for await (const event of source)`: every message event, of any type, as it arrives. Ends when the
   * source is closed; throws an EventSourceIterationError when the connection fails; `break` closes the
   * source. An extension, not in the script-tag builds.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<MessageEvent>;
  /** The same for the message events of the types named (`'message'` and any `event:` names). */
  events(...types: string[]): AsyncIterable<MessageEvent>;

  addEventListener<K extends keyof EventSourceEventMap>(
    type: K,
    listener: (this: EventSource, ev: EventSourceEventMap[K]) => any,
    options?: boolean | EventSourceListenerOptions,
  ): void;
  /** Events named by the stream's `event:` field are MessageEvents too. */
  addEventListener(
    type: string,
    listener: (this: EventSource, event: MessageEvent) => any,
    options?: boolean | EventSourceListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventSourceListener,
    options?: boolean | EventSourceListenerOptions,
  ): void;
  removeEventListener<K extends keyof EventSourceEventMap>(
    type: K,
    listener: (this: EventSource, ev: EventSourceEventMap[K]) => any,
    options?: boolean | { capture?: boolean },
  ): void;
  removeEventListener(
    type: string,
    listener: (this: EventSource, event: MessageEvent) => any,
    options?: boolean | { capture?: boolean },
  ): void;
  removeEventListener(
    type: string,
    listener: EventSourceListener,
    options?: boolean | { capture?: boolean },
  ): void;
}

/**
 * Sets globalThis.EventSource to this package's EventSource where the runtime has none, or always with
 * `{ force: true }`; returns the constructor globalThis.EventSource holds afterwards.
 */
export declare function installEventSource(options?: { force?: boolean }): typeof EventSource;

/** WebAssembly.Module where the lib declares it (lib.dom does; a Node project without it gets `object`). */
export type EventSourceWasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;

/** What initWasm accepts: a compiled module, the .wasm bytes, a Response (or a promise of one), or a URL. */
export type WasmSource =
  | EventSourceWasmModule
  | ArrayBuffer
  | ArrayBufferView
  | EventSourceResponse
  | PromiseLike<EventSourceResponse>
  | URL
  | string;

/**
 * Hands the core its WebAssembly binary instead of letting it find dist/sse-core.wasm itself: for
 * runtimes that forbid compiling Wasm from bytes (pass a precompiled WebAssembly.Module, e.g.
 * `import wasm from 'eventsource-wasm/sse-core.wasm'` in Cloudflare Workers) and for bundlers that
 * cannot see the file. Give it eventsource-wasm/sse-core-legacy.wasm once eventsource-wasm/legacy is
 * imported. Call it before the first EventSource is created: it starts loading, and resolves once
 * the core is ready (rejects if it cannot be); once the core has started loading, the source is
 * ignored.
 */
export declare function initWasm(source: WasmSource): Promise<unknown>;

/**
 * Uses the same core compiled to JavaScript (dist/sse-core-js.mjs, parsing at about 0.6x the Wasm core's speed)
 * for every EventSource from now on: for runtimes without WebAssembly that the package cannot detect
 * (React Native's Hermes). Where WebAssembly is missing or refused (a Content-Security-Policy without
 * 'wasm-unsafe-eval', node --jitless) the package already picks it by itself. Call it before the first
 * EventSource is created; it starts loading and resolves once the core is ready.
 */
export declare function initJsCore(): Promise<unknown>;
