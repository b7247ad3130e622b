// light-message-event.js as bundles for browsers, workers and edge runtimes have it (package.json "browser"):
// their MessageEvent is the runtime's own, native and fast, so the class stays the runtime's.
export const lightMessageEvent = (runtimeClass) => runtimeClass;
