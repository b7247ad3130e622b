// `import 'eventsource-wasm/polyfill'`: installs EventSource where the runtime has none.
// To replace a native one as well, call installEventSource({ force: true }) from the main entry.
import './core/standard-core.js'; // provides the standard core
import './interface/event-iteration.js'; // for await (const event of source), source.events(...types)
import './interface/readable-stream-source.js'; // EventSource.fromReadableStream(stream), lastEventId, reconnectionTime
import { installEventSource } from './interface/install.js';

installEventSource();

export { EventSource } from './interface/event-source.js';
export { installEventSource };
