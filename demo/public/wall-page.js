// The social wall page: plain messages (status updates) through onmessage, typed events (like, comment,
// follow, share) through addEventListener(type), each type in its own colour; a form to post a status.
// Everything people or the server wrote is put in the page with textContent, never as HTML.
import {
  ChosenEventSource,
  chosenImplementation,
  clientId,
  createConnectionPanel,
  renderNavigation,
  streamUrl,
} from '/connection-panel.js';

const MAX_ITEMS = 200; // items kept on the wall; older ones are removed
const MAX_TEXT = 280;
const TYPES = [
  ['message', 'status', 'a status update: a plain message, to onmessage'],
  ['like', 'like', 'event: like'],
  ['comment', 'comment', 'event: comment'],
  ['follow', 'follow', 'event: follow'],
  ['share', 'share', 'event: share'],
];

const $ = (id) => document.getElementById(id);
const wall = $('wall');
const counts = new Map(TYPES.map(([type]) => [type, 0]));
const mine = new Set(); // ids of the statuses this page posted
const ids = { first: null, last: null, gaps: 0, repeats: 0 };

renderNavigation();
const panel = createConnectionPanel($('panel'), { title: `Wall stream (${chosenImplementation()})` });
renderLegend();

const source = new (ChosenEventSource())(streamUrl('/wall/stream'));
panel.watch(
  source,
  TYPES.map(([type]) => type),
);
// Status updates have no `event:` field: they arrive as `message` events, here through onmessage.
source.onmessage = (event) => show('message', event);
// Everything else is typed: only a listener for that very type sees it.
for (const [type] of TYPES.slice(1)) source.addEventListener(type, (event) => show(type, event));
window.wall = { source, implementation: chosenImplementation(), clientId }; // for the console and the tests

function renderLegend() {
  for (const [type, label, note] of TYPES) {
    const item = element('li', `type-${type}`);
    item.dataset.type = type;
    const count = element('output');
    count.dataset.count = type;
    count.textContent = '0';
    item.append(element('span', 'swatch'), element('strong', '', label), element('span', 'muted', note), count);
    $('legend').append(item);
  }
}

function element(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Puts one event at the top of the wall (and drops the oldest beyond MAX_ITEMS). */
function show(type, event) {
  let data;
  try {
    data = JSON.parse(event.data);
  } catch {
    data = { text: event.data };
  }
  const id = Number(event.lastEventId);
  trackId(id);
  const item = element('li', `type-${type}`);
  item.dataset.type = type;
  item.dataset.id = event.lastEventId;
  if (mine.has(id)) item.classList.add('mine');
  const label = TYPES.find(([name]) => name === type)[1];
  const when = Number.isNaN(Date.parse(data.at)) ? '' : new Date(data.at).toLocaleTimeString();
  item.append(
    element('span', 'badge', label),
    describe(type, data),
    element('span', 'meta', `#${event.lastEventId} ${when}`),
  );
  wall.prepend(item);
  while (wall.children.length > MAX_ITEMS) wall.lastElementChild.remove();
  counts.set(type, counts.get(type) + 1);
  document.querySelector(`[data-count="${type}"]`).textContent = String(counts.get(type));
}

/** What happened, as text nodes: names and statuses are the server's and people's words, not markup. */
function describe(type, data) {
  const what = element('span', 'what');
  const user = element('span', 'user', String(data.user ?? 'someone'));
  const status = `${data.author ?? 'someone'}'s status #${data.status ?? '?'}`;
  switch (type) {
    case 'message':
      what.append(user, document.createTextNode(`: ${data.text ?? ''}`));
      break;
    case 'like':
      what.append(user, document.createTextNode(` liked ${status}`));
      break;
    case 'comment':
      what.append(user, document.createTextNode(` commented on ${status}: “${data.text ?? ''}”`));
      break;
    case 'share':
      what.append(user, document.createTextNode(` shared ${status}`));
      break;
    default:
      what.append(user, document.createTextNode(` now follows ${data.whom ?? 'someone'}`));
  }
  return what;
}

/** Ids should follow each other without holes or repeats, across reconnections too. */
function trackId(id) {
  if (!Number.isSafeInteger(id)) return;
  if (ids.last !== null && id <= ids.last) ids.repeats++;
  else if (ids.last !== null && id > ids.last + 1) ids.gaps += id - ids.last - 1;
  ids.first ??= id;
  ids.last = Math.max(ids.last ?? id, id);
  const problems = [];
  if (ids.gaps > 0) problems.push(`${ids.gaps} id(s) missed`);
  if (ids.repeats > 0) problems.push(`${ids.repeats} repeated or out of order`);
  const continuity = $('continuity');
  continuity.textContent = `ids #${ids.first}–#${ids.last} received: ${problems.length > 0 ? problems.join(', ') : 'no gaps, no repeats'}`;
  continuity.dataset.ok = String(problems.length === 0);
}

// The form: a status goes to the server as JSON; it comes back on the stream like everyone else's.
const form = $('post-form');
const user = $('user');
const text = $('text');
const result = $('post-result');
user.value = `guest-${clientId.slice(0, 4)}`;
const updateCount = () => {
  $('count').textContent = `${[...text.value].length} / ${MAX_TEXT}`;
};
text.addEventListener('input', updateCount);
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button');
  button.disabled = true;
  result.className = '';
  result.textContent = 'posting…';
  try {
    const response = await fetch(`/wall/status?client=${encodeURIComponent(clientId)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: user.value, text: text.value }),
    });
    const body = await response.text();
    let answer = {};
    try {
      answer = JSON.parse(body);
    } catch {
      answer = { error: body.trim() };
    }
    if (!response.ok) throw new Error(`${response.status}: ${answer.error || response.statusText}`);
    mine.add(answer.id);
    if (mine.size > MAX_ITEMS) mine.delete(mine.values().next().value); // only shown items need it
    wall.querySelector(`li[data-id="${answer.id}"]`)?.classList.add('mine');
    result.className = 'ok';
    result.textContent = `posted as #${answer.id}`;
    text.value = '';
    updateCount();
  } catch (error) {
    result.className = 'error';
    result.textContent = `not posted: ${error.message}`;
  } finally {
    button.disabled = false;
  }
});
