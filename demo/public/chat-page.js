// The chat pages: picking a nickname, the log, sending (shared with chat-legacy-page.js), and the
// standard page's connection, an EventSource on /chat/stream.
import { ChosenEventSource, clientId, createConnectionPanel, renderNavigation, streamUrl } from '/connection-panel.js';

const $ = (id) => document.getElementById(id);
const MAX_NICK_CHARS = 24; // as the server's
// Lines kept in the log; older ones are removed, so a page left open in a busy room stays small. Well
// over the server's history (50 events), so a reconnect's replay never removes what it resumes.
export const MAX_LOG_LINES = 500;

/**
 * Runs a chat page. connect({ nick, panel, show, showError }) opens the page's connection and calls
 * show(type, entry) for each room event ('message', 'join' or 'leave'; entry { id, nick, text?, at }).
 */
export function startChat({ title, switchable, connect }) {
  renderNavigation();
  let nick = null;

  const showError = (text) => {
    $('error').textContent = text;
  };

  /** Appends a room event to the log. What people typed only ever goes in as text. */
  const show = (type, entry) => {
    const line = document.createElement('li');
    line.className = type;
    line.dataset.id = entry.id;
    const time = document.createElement('time');
    time.dateTime = entry.at;
    time.textContent = new Date(entry.at).toLocaleTimeString();
    const who = document.createElement('span');
    who.className = 'nick';
    who.textContent = entry.nick;
    if (type === 'message') {
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = entry.text;
      line.append(time, ' ', who, ': ', text);
      if (entry.nick === nick) line.classList.add('mine');
    } else {
      line.append(time, ' ', who, type === 'join' ? ' joined' : ' left');
    }
    const log = $('log');
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
    log.append(line);
    while (log.children.length > MAX_LOG_LINES) log.firstElementChild.remove();
    if (atBottom) log.scrollTop = log.scrollHeight;
  };

  const join = (name) => {
    name = name.trim();
    if (name === '' || [...name].length > MAX_NICK_CHARS)
      return showError(`Pick a nickname of 1 to ${MAX_NICK_CHARS} characters.`);
    nick = name;
    showError('');
    // The nickname goes into the address, so a reload (or the native/polyfill switch) rejoins.
    const url = new URL(location.href);
    url.searchParams.set('nick', nick);
    history.replaceState(null, '', url);
    url.searchParams.delete('nick');
    $('leave').href = url.href;
    $('join').hidden = true;
    $('say').hidden = false;
    $('say').elements.text.focus();
    $('connection').replaceChildren();
    const panel = createConnectionPanel($('connection'), { title: `${title} · ${nick}`, switchable });
    window.chat = { nick, connection: connect({ nick, panel, show, showError }) }; // for the console and the tests
  };

  $('join').addEventListener('submit', (event) => {
    event.preventDefault();
    join(event.target.elements.nick.value);
  });
  $('say').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    try {
      await post(nick, input.value);
      input.value = '';
      showError('');
    } catch (error) {
      showError(`Not sent: ${error.message}`);
    }
  });
  // Until a nickname is picked there is no connection (the stream's address carries the nickname): say so
  // where its state will show.
  const waiting = document.createElement('div');
  waiting.className = 'panel muted';
  waiting.dataset.field = 'not-joined';
  waiting.textContent = `${title}: not connected yet. Pick a nickname and join: the connection opens then.`;
  $('connection').replaceChildren(waiting);
  const initial = new URL(location.href).searchParams.get('nick');
  if (initial !== null) join(initial);
}

/** Posts a message; throws with the server's reason when it is refused. */
async function post(nick, text) {
  let response;
  try {
    response = await fetch(`/chat/messages?client=${clientId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ nick, text }),
    });
  } catch {
    throw new Error('the server cannot be reached');
  }
  if (response.ok) return;
  const body = await response.text();
  let reason;
  try {
    reason = JSON.parse(body).error;
  } catch {
    reason = body.trim(); // a plain-text answer (413 for an oversized body)
  }
  throw new Error(`${reason || response.statusText} (HTTP ${response.status})`);
}

const TYPES = ['message', 'join', 'leave'];

/** The standard page: an EventSource whose events carry ids, so a reconnect resumes after the last. */
function connectEventSource({ nick, panel, show, showError }) {
  const EventSource = ChosenEventSource();
  const source = new EventSource(streamUrl(`/chat/stream?nick=${encodeURIComponent(nick)}`));
  panel.watch(source, TYPES);
  for (const type of TYPES) source.addEventListener(type, (event) => show(type, JSON.parse(event.data)));
  source.addEventListener('error', (event) => {
    if (source.readyState === EventSource.CLOSED) {
      showError(`The connection was closed${event.message ? ` (${event.message})` : ''}: reload the page to rejoin.`);
    }
  });
  return source;
}

if (document.body.dataset.chat === 'standard')
  startChat({ title: 'EventSource', switchable: true, connect: connectEventSource });
