// Bounded waits and event recording for the Node tests: the browser-safe helpers of the behaviour suite.
export { record, sleep, waitFor, waitUntil } from '../../behaviour/events.js';
