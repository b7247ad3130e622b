// `import 'eventsource-wasm/polyfill'`: installs EventSource where the runtime has none.
// To replace a native one as well, call installEventSource({ force: true }) from the main entry.
import './standard-core.js'; // provides the standard core
import './event-iteration.js'; // for await (const event of source), source.events(...types)
import './readable-stream-source.js'; // EventSource.fromReadableStream(stream), lastEventId, reconnectionTime
import { installEventSource } from './install.js';

installEventSource();

export { EventSource } from './event-source.js';
export { installEventSource };
