// Wires the page together: the connection, the rooms this page is in, the open room,
// the sidebar, the member panel, the composer and the profile.

import { ChatConnection } from './connection.js';
import { Composer } from './composer.js';
import { describeError } from './errors.js';
import { MemberList } from './members.js';
import { Profile } from './profile.js';
import { ROOM_NAME, RoomDirectory, RoomList } from './rooms.js';
import { ConnectionStatus } from './status.js';
import { Timeline } from './timeline.js';

const ROOMS_KEY = 'orleanschat.rooms';
const CURRENT_KEY = 'orleanschat.current';
const DEFAULT_ROOM = 'general';
const HISTORY_PAGE = 50;

const $ = (id) => document.getElementById(id);
const app = $('app');
const wide = window.matchMedia('(min-width: 1100px)');
const phone = window.matchMedia('(max-width: 759px)');
const finePointer = window.matchMedia('(pointer: fine)');

const conn = new ChatConnection();
/** name -> { name, timeline, members: Map<id, user>, unread, ready, loadingOlder }, in join order. */
const rooms = new Map();
let current = null;

const directory = new RoomDirectory(() => renderRooms());
const roomList = new RoomList({
  joinedEl: $('joined-rooms'),
  otherEl: $('other-rooms'),
  otherCountEl: $('browse-count'),
  emptyEl: $('browse-empty'),
  moreButton: $('browse-more'),
  onSelect: (name) => select(name),
  onJoin: (name) => open(name),
  onLeave: (name) => leave(name),
  onMore: () => directory.loadMore(),
});
const memberList = new MemberList($('member-list'), $('members-count'));
const status = new ConnectionStatus({
  root: $('conn-status'),
  textEl: $('conn-text'),
  countdownEl: $('conn-countdown'),
  retryButton: $('conn-retry'),
  onRetry: () => conn.reconnectNow(),
});
const composer = new Composer({
  form: $('composer'),
  input: $('message-input'),
  errorEl: $('composer-error'),
  countEl: $('char-count'),
  onSend: (text) => send(text),
});
const profile = new Profile({
  nameButton: $('me-name'),
  editButton: $('rename-button'),
  form: $('rename-form'),
  input: $('rename-input'),
  avatarEl: $('me-avatar'),
  errorEl: $('rename-error'),
  onRename: (name) => conn.rename(name),
});

const isOwn = (user) => user.id === conn.user?.id;

// ---- rooms ---------------------------------------------------------------------------

function addRoom(name) {
  const room = { name, members: new Map(), unread: 0, ready: false, loadingOlder: false, timeline: null };
  room.timeline = new Timeline(name, {
    isOwn,
    onNeedOlder: () => loadOlder(room),
    onUnseen: () => renderJump(),
  });
  $('timelines').insertBefore(room.timeline.el, $('jump'));
  rooms.set(name, room);
  saveRooms();
  // Failures arrive as `roomfailed` events, for first joins and rejoins alike.
  conn.join(name).catch(() => undefined);
  return room;
}

function removeRoom(name) {
  const room = rooms.get(name);
  if (!room) return;
  room.timeline.el.remove();
  rooms.delete(name);
  saveRooms();
  if (current === name) {
    const names = [...rooms.keys()];
    select(names[0] ?? null);
  } else {
    renderRooms();
  }
}

/** Opens a room by name, joining it first when needed. */
function open(name) {
  if (!rooms.has(name)) {
    addRoom(name);
    directory.refresh();
  }
  select(name);
}

function leave(name) {
  conn.leave(name).then(() => directory.refresh());
  removeRoom(name);
}

function select(name) {
  current = name;
  const room = name === null ? null : rooms.get(name);
  for (const r of rooms.values()) r.timeline.el.hidden = r !== room;
  if (name === null) localStorage.removeItem(CURRENT_KEY);
  else localStorage.setItem(CURRENT_KEY, name);
  // Keep the address a shareable link to the open room, without adding history entries.
  const hash = name === null ? '' : `#${name}`;
  if (window.location.hash !== hash) window.history.replaceState(null, '', hash || window.location.pathname);
  if (room) {
    room.unread = 0;
    room.timeline.shown();
    composer.setPlaceholder(`Message #${name}`);
    if (room.ready && conn.state === 'online') refreshMembers(room);
    if (finePointer.matches) composer.focus();
  }
  closeDrawers();
  renderAll();
}

function refreshMembers(room) {
  conn.members(room.name).then((reply) => {
    if (rooms.get(room.name) !== room) return;
    room.members = new Map(reply.members.map((u) => [u.id, u]));
    renderRooms();
    if (room.name === current) renderCurrent();
  }, () => undefined);
}

async function loadOlder(room) {
  const timeline = room.timeline;
  if (room.loadingOlder || !room.ready || !timeline.hasOlder || conn.state !== 'online') return;
  room.loadingOlder = true;
  timeline.setLoadingOlder(true);
  let events = null;
  try {
    events = (await conn.history(room.name, timeline.oldestSeq, HISTORY_PAGE)).events;
  } catch {
    // Offline or refused: scrolling up again retries.
  }
  room.loadingOlder = false;
  timeline.setLoadingOlder(false);
  if (events && rooms.get(room.name) === room) timeline.prepend(events);
}

async function send(text) {
  const name = current;
  if (name === null) {
    composer.restore(text);
    composer.showError('Open a room first.', 'local');
    return;
  }
  composer.clearError();
  try {
    await conn.send(name, text);
  } catch (error) {
    composer.restore(text);
    composer.showError(describeError(error, 'send'));
  }
}

function saveRooms() {
  localStorage.setItem(ROOMS_KEY, JSON.stringify([...rooms.keys()]));
}

// ---- rendering -----------------------------------------------------------------------

function memberCount(room) {
  return room.ready ? room.members.size : directory.members(room.name);
}

function renderRooms() {
  const joined = [...rooms.values()].map((r) => ({ name: r.name, unread: r.unread, members: memberCount(r), pending: !r.ready }));
  roomList.render(joined, current, directory.rooms, directory.hasMore);
  const unread = joined.reduce((sum, r) => sum + r.unread, 0);
  const badge = $('menu-badge');
  badge.hidden = unread === 0;
  badge.textContent = unread > 99 ? '99+' : String(unread);
  document.title = `${unread > 0 ? `(${unread}) ` : ''}${current ? `#${current} · ` : ''}OrleansChat`;
}

function renderCurrent() {
  const room = current === null ? null : rooms.get(current);
  $('empty-state').hidden = room !== null;
  app.dataset.room = room ? 'open' : 'none';
  $('room-name-text').textContent = room ? room.name : 'OrleansChat';
  $('leave-button').hidden = !room;
  $('toggle-members').hidden = !room;
  $('message-input').disabled = !room;
  $('send-button').disabled = !room;
  if (!room) {
    $('room-sub').textContent = '';
    memberList.render(new Map(), null);
    renderJump();
    return;
  }
  $('leave-button').setAttribute('aria-label', `Leave #${room.name}`);
  const count = memberCount(room);
  $('room-sub').textContent = count === undefined ? 'Joining…' : count === 1 ? '1 member' : `${count} members`;
  $('member-count-badge').textContent = count === undefined ? '' : String(count);
  memberList.render(room.members, conn.user?.id);
  renderJump();
}

function renderJump() {
  const room = current === null ? null : rooms.get(current);
  const unseen = room?.timeline.unseen ?? 0;
  $('jump').hidden = unseen === 0;
  $('jump-text').textContent = unseen === 1 ? '1 new message' : `${unseen} new messages`;
}

function renderAll() {
  renderRooms();
  renderCurrent();
}

// ---- drawers (phone) and the member panel ----------------------------------------------

function setSidebar(openIt) {
  app.dataset.sidebar = openIt ? 'open' : 'closed';
  $('open-sidebar').setAttribute('aria-expanded', String(openIt));
  syncScrim();
  if (openIt && finePointer.matches) $('join-input').focus({ preventScroll: true });
}

function setMembers(openIt) {
  app.dataset.members = openIt ? 'open' : 'closed';
  const button = $('toggle-members');
  button.setAttribute('aria-expanded', String(openIt));
  button.setAttribute('aria-label', openIt ? 'Hide members' : 'Show members');
  syncScrim();
}

function syncScrim() {
  const overlay = (phone.matches && app.dataset.sidebar === 'open') || (!wide.matches && app.dataset.members === 'open');
  $('scrim').hidden = !overlay;
}

function closeDrawers() {
  if (phone.matches) setSidebar(false);
  if (!wide.matches) setMembers(false);
}

$('open-sidebar').addEventListener('click', () => setSidebar(true));
$('close-sidebar').addEventListener('click', () => setSidebar(false));
$('toggle-members').addEventListener('click', () => setMembers(app.dataset.members !== 'open'));
$('close-members').addEventListener('click', () => setMembers(false));
$('scrim').addEventListener('click', () => {
  setSidebar(false);
  setMembers(false);
});
$('leave-button').addEventListener('click', () => {
  if (current !== null) leave(current);
});
$('jump').addEventListener('click', () => rooms.get(current)?.timeline.scrollToBottom());
wide.addEventListener('change', () => setMembers(wide.matches));
phone.addEventListener('change', syncScrim);

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !$('scrim').hidden) {
    setSidebar(false);
    setMembers(false);
  }
  // Alt+Up / Alt+Down moves between joined rooms.
  if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && rooms.size > 1) {
    e.preventDefault();
    const names = [...rooms.keys()];
    const step = e.key === 'ArrowUp' ? -1 : 1;
    select(names[(names.indexOf(current) + step + names.length) % names.length]);
  }
});

// ---- the join form ------------------------------------------------------------------------

const joinInput = $('join-input');
const joinError = $('join-error');
joinInput.addEventListener('input', () => {
  // Room names are lowercase with - or _; be forgiving about case and spaces while typing.
  const cleaned = joinInput.value.toLowerCase().replace(/\s+/g, '-');
  if (cleaned !== joinInput.value) joinInput.value = cleaned;
  joinError.textContent = '';
});
$('join-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = joinInput.value.trim().replace(/^#/, '');
  if (name === '') return;
  if (!ROOM_NAME.test(name)) {
    joinError.textContent = describeError({ code: 'invalid_room' }, 'join');
    return;
  }
  joinInput.value = '';
  joinError.textContent = '';
  open(name);
});

// ---- the connection ------------------------------------------------------------------------

conn.addEventListener('state', (e) => {
  status.show(e.detail);
  app.dataset.conn = e.detail.state;
});

conn.addEventListener('welcome', (e) => {
  profile.show(e.detail.user);
  directory.refresh();
});

conn.addEventListener('user', (e) => {
  const user = e.detail.user;
  profile.show(user);
  for (const room of rooms.values()) if (room.members.has(user.id)) room.members.set(user.id, user);
  renderCurrent();
});

conn.addEventListener('room', (e) => {
  const { room: name, reply, events, rejoin, recovered } = e.detail;
  const room = rooms.get(name);
  if (!room) return;
  const wasReady = room.ready;
  room.ready = true;
  room.members = new Map(reply.members.map((u) => [u.id, u]));
  room.timeline.append(events, { gap: rejoin && !recovered });
  if (name !== current) room.unread += events.filter((ev) => ev.type === 'message' && !isOwn(ev.user)).length;
  else room.timeline.shown();
  if (!wasReady) directory.refresh();
  renderAll();
});

conn.addEventListener('event', (e) => {
  const event = e.detail;
  const room = rooms.get(event.room);
  if (!room) return;
  let changed = false;
  if (event.type === 'joined') {
    room.members.set(event.user.id, event.user);
    changed = true;
  } else if (event.type === 'left') {
    room.members.delete(event.user.id);
    changed = true;
  }
  const own = isOwn(event.user);
  room.timeline.append([event], { follow: own && event.type === 'message' });
  if (event.type === 'message' && !own && event.room !== current) {
    room.unread += 1;
    changed = true;
  }
  if (changed) {
    renderRooms();
    if (event.room === current) renderCurrent();
  }
});

conn.addEventListener('roomfailed', (e) => {
  const { room, error } = e.detail;
  removeRoom(room);
  joinError.textContent = `Couldn't join #${room}. ${describeError(error, 'join')}`;
});

// ---- start -----------------------------------------------------------------------------

/** A link like `/#design` opens (and joins) that room. */
function linkedRoom() {
  const name = decodeURIComponent(window.location.hash.slice(1)).toLowerCase();
  return ROOM_NAME.test(name) ? name : null;
}

/** The rooms of the last visit; a first visit starts in the linked room or in #general. */
function savedRooms(linked) {
  try {
    const saved = JSON.parse(localStorage.getItem(ROOMS_KEY));
    if (Array.isArray(saved)) return saved.filter((n) => typeof n === 'string' && ROOM_NAME.test(n));
  } catch {
    // Unreadable: start like a first visit.
  }
  return [linked ?? DEFAULT_ROOM];
}

window.addEventListener('hashchange', () => {
  const linked = linkedRoom();
  if (linked !== null && linked !== current) open(linked);
});

const linked = linkedRoom();
const initial = savedRooms(linked);
for (const name of initial) addRoom(name);
if (linked !== null && !rooms.has(linked)) addRoom(linked);
const lastOpen = localStorage.getItem(CURRENT_KEY);
setMembers(wide.matches);
select(linked ?? (lastOpen !== null && rooms.has(lastOpen) ? lastOpen : (initial[0] ?? null)));
conn.start();
directory.start();
