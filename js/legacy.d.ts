// Types of eventsource-wasm/legacy: the Opera 9 (2006) <event-source> element and addEventSource().

/** Options of the legacy dialect (application/x-dom-event-stream). */
export interface LegacyDialectOptions {
  /** 2006 exactly: only LF ends a line, CR is data (default: LF, CR and CRLF). */
  strictLineFeeds?: boolean;
  /** 2006 exactly: a block without an `Event` field fires nothing (default: it is a `message`). */
  requireEventField?: boolean;
}

/**
 * Makes <event-source src> elements connect: a custom element where available, else a
 * MutationObserver (`customElements: false` forces it). Calling it again does nothing; without a
 * document (workers, Node) nothing is installed.
 */
export declare function installEventSourceElement(
  options?: LegacyDialectOptions & { customElements?: boolean },
): 'custom-element' | 'mutation-observer' | 'no-document';

/** Adds addEventSource(src) and removeEventSource(src) to every EventTarget. */
export declare function installAddEventSource(options?: LegacyDialectOptions): void;

declare global {
  interface EventTarget {
    /** Installed by installAddEventSource(): connect to `src`; its events are dispatched here. */
    addEventSource?(src: string): void;
    /** Installed by installAddEventSource(): close one connection added for `src`. */
    removeEventSource?(src: string): void;
  }
}
