// Types of eventsource-wasm/legacy: the Opera 9 (2006) <event-source> element and addEventSource().
import type { EventSourceTimers } from './index.js';

/** Options of the legacy dialect (application/x-dom-event-stream). */
export interface LegacyDialectOptions {
  /** 2006 exactly: only LF ends a line, CR is data (default: LF, CR and CRLF). */
  strictLineFeeds?: boolean;
  /** 2006 exactly: a block without an `Event` field fires nothing (default: it is a `message`). */
  requireEventField?: boolean;
}

/** Options of the connections the installers open. */
export interface LegacyConnectionOptions extends LegacyDialectOptions {
  /** Milliseconds before a closed stream is reopened, for both dialects (default 5000, 2006's "such as 5 seconds"). */
  reconnectionTime?: number;
  /** Timers to use instead of the global ones (a fake clock in tests), as EventSource's `timers` option. */
  timers?: EventSourceTimers;
}

/**
 * Makes <event-source src> elements connect: a custom element where available, else a
 * MutationObserver (`customElements: false` forces it). Calling it again does nothing; without a
 * document (workers, Node) nothing is installed.
 */
export declare function installEventSourceElement(
  options?: LegacyConnectionOptions & { customElements?: boolean },
): 'custom-element' | 'mutation-observer' | 'no-document';

/** Adds addEventSource(src) and removeEventSource(src) to every EventTarget. */
export declare function installAddEventSource(options?: LegacyConnectionOptions): void;

declare global {
  interface EventTarget {
    /** Installed by installAddEventSource(): connect to `src`; its events are dispatched here. */
    addEventSource?(src: string): void;
    /** Installed by installAddEventSource(): close one connection added for `src`. */
    removeEventSource?(src: string): void;
  }
}
