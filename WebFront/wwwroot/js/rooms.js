// The room directory (GET /api/rooms, refreshed) and the sidebar's two lists: the rooms
// this page is in (with unread counts) and the other rooms to browse.

import { h, icon } from './dom.js';

/** How often the directory is refreshed while the page is visible. */
const REFRESH_MS = 5000;

/** The valid room name rule of the protocol. */
export const ROOM_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Polls `/api/rooms`; `onChange(rooms)` gets `[{room, members, seq}]` after every refresh. */
export class RoomDirectory {
  #timer = null;
  #inFlight = null;
  rooms = [];

  constructor(onChange) {
    this.onChange = onChange;
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.refresh();
    });
  }

  start() {
    this.refresh();
  }

  /** Fetches now (coalescing concurrent calls) and re-arms the periodic refresh. */
  refresh() {
    clearTimeout(this.#timer);
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = null;
      this.#timer = setTimeout(() => {
        if (document.visibilityState === 'visible') this.refresh();
        else this.#timer = null;
      }, REFRESH_MS);
    });
    return this.#inFlight;
  }

  /** The member count of a room as the directory last saw it. */
  members(room) {
    return this.rooms.find((r) => r.room === room)?.members;
  }

  async #fetch() {
    try {
      const response = await fetch('/api/rooms', { cache: 'no-store', headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const rooms = await response.json();
      if (!Array.isArray(rooms)) return;
      this.rooms = rooms;
      this.onChange(rooms);
    } catch {
      // Offline: keep the last list; the next refresh tries again.
    }
  }
}

function memberLabel(count) {
  return count === 1 ? '1 member' : `${count} members`;
}

/** Renders the sidebar's room lists; the callbacks receive a room name. */
export class RoomList {
  constructor({ joinedEl, otherEl, otherCountEl, emptyEl, onSelect, onJoin, onLeave }) {
    Object.assign(this, { joinedEl, otherEl, otherCountEl, emptyEl, onSelect, onJoin, onLeave });
  }

  /**
   * @param joined [{ name, unread, members, pending }] in display order
   * @param current the open room
   * @param directory [{ room, members }] from /api/rooms
   */
  render(joined, current, directory) {
    // The directory refreshes every few seconds: skip identical renders, and keep keyboard
    // focus on the same control when the lists do change.
    const signature = JSON.stringify([joined, current, directory]);
    if (signature === this.signature) return;
    this.signature = signature;
    const focused = document.activeElement?.closest?.('.room-item');
    const focusRoom = focused?.dataset.room;
    const focusClass = document.activeElement?.classList.contains('room-leave') ? '.room-leave' : '.room-button';
    const focusList = focused?.parentElement;

    this.joinedEl.replaceChildren(...joined.map((room) => this.#joinedItem(room, room.name === current)));
    if (joined.length === 0) {
      this.joinedEl.append(h('li', { class: 'room-empty', text: 'Not in any room yet.' }));
    }

    const names = new Set(joined.map((r) => r.name));
    const others = directory
      .filter((r) => !names.has(r.room))
      .sort((a, b) => b.members - a.members || a.room.localeCompare(b.room));
    this.otherEl.replaceChildren(...others.map((r) => this.#otherItem(r)));
    this.otherCountEl.textContent = others.length > 0 ? String(others.length) : '';
    this.emptyEl.hidden = others.length > 0;

    if (focusRoom !== undefined && focusList) {
      const again = [...focusList.children].find((li) => li.dataset.room === focusRoom);
      again?.querySelector(focusClass)?.focus({ preventScroll: true });
    }
  }

  #joinedItem(room, active) {
    const unread = room.unread > 0
      ? h('span', { class: 'badge', text: room.unread > 99 ? '99+' : String(room.unread), attrs: { 'aria-label': `${room.unread} unread` } })
      : null;
    const count = room.members === undefined ? null : h('span', { class: 'room-count', text: String(room.members), attrs: { 'aria-label': memberLabel(room.members) } });
    return h('li', { class: active ? 'room-item active' : 'room-item', dataset: { room: room.name } },
      h('button', {
        type: 'button',
        class: room.unread > 0 ? 'room-button unread' : 'room-button',
        attrs: active ? { 'aria-current': 'page' } : {},
        onClick: () => this.onSelect(room.name),
      },
      h('span', { class: 'room-hash', attrs: { 'aria-hidden': 'true' } }, icon('hash')),
      h('span', { class: 'room-label', text: room.name }),
      room.pending ? h('span', { class: 'spinner small', attrs: { 'aria-label': 'Joining' } }) : null,
      unread ?? count),
      h('button', {
        type: 'button',
        class: 'room-leave',
        title: `Leave #${room.name}`,
        attrs: { 'aria-label': `Leave #${room.name}` },
        onClick: () => this.onLeave(room.name),
      }, icon('close')));
  }

  #otherItem(room) {
    return h('li', { class: 'room-item', dataset: { room: room.room } },
      h('button', {
        type: 'button',
        class: 'room-button',
        title: `Join #${room.room}`,
        attrs: { 'aria-label': `Join #${room.room}, ${memberLabel(room.members)}` },
        onClick: () => this.onJoin(room.room),
      },
      h('span', { class: 'room-hash', attrs: { 'aria-hidden': 'true' } }, icon('hash')),
      h('span', { class: 'room-label', text: room.room }),
      h('span', { class: 'room-count', text: String(room.members), attrs: { 'aria-hidden': 'true' } })));
  }
}
