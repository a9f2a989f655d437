// The room directory (GET /api/rooms, refreshed) and the sidebar's two lists: the rooms
// this page is in (with unread counts) and the other rooms to browse.

import { h, icon } from './dom.js';

/** How often the directory is refreshed while the page is visible. */
const REFRESH_MS = 5000;

/** Rooms per page of `/api/rooms`; "Load more" shows one page more. */
export const PAGE_SIZE = 50;

/** The valid room name rule of the protocol. */
export const ROOM_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * Polls `/api/rooms` a page at a time; `onChange(rooms)` gets `[{room, members, seq, lastActivity}]`, in the
 * server's order (most members, then most recent activity), after every refresh.
 */
export class RoomDirectory {
  #timer = null;
  #inFlight = null;
  #again = false;
  #wanted = PAGE_SIZE;
  rooms = [];
  /** True when the listing has rooms past the ones fetched. */
  hasMore = false;

  constructor(onChange) {
    this.onChange = onChange;
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.refresh();
    });
  }

  start() {
    this.refresh();
  }

  /**
   * Fetches now and re-arms the periodic refresh. A call while a fetch runs fetches once more after it,
   * so what the caller just changed (a join, a leave, one more page) always shows.
   */
  refresh() {
    clearTimeout(this.#timer);
    if (this.#inFlight) {
      this.#again = true;
      return this.#inFlight;
    }
    this.#inFlight = (async () => {
      do {
        this.#again = false;
        await this.#fetch();
      } while (this.#again);
    })().finally(() => {
      this.#inFlight = null;
      this.#timer = setTimeout(() => {
        if (document.visibilityState === 'visible') this.refresh();
        else this.#timer = null;
      }, REFRESH_MS);
    });
    return this.#inFlight;
  }

  /** Shows one page more, from now on. */
  loadMore() {
    this.#wanted = this.rooms.length + PAGE_SIZE;
    return this.refresh();
  }

  /** The member count of a room as the directory last saw it. */
  members(room) {
    return this.rooms.find((r) => r.room === room)?.members;
  }

  /**
   * Walks the listing from its first page until it holds the rooms asked for: each refresh shows the rooms as
   * they stand now, and within one walk the server's cursor never hands out a room twice.
   */
  async #fetch() {
    try {
      const rooms = [];
      let cursor = null;
      do {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (cursor) query.set('cursor', cursor);
        const response = await fetch(`/api/rooms?${query}`, { cache: 'no-store', headers: { accept: 'application/json' } });
        if (!response.ok) return;
        const page = await response.json();
        if (!Array.isArray(page?.rooms)) return;
        rooms.push(...page.rooms);
        cursor = page.next;
      } while (cursor && rooms.length < this.#wanted);
      this.rooms = rooms;
      this.hasMore = Boolean(cursor);
      this.onChange(rooms);
    } catch {
      // Offline: keep the last list; the next refresh tries again.
    }
  }
}

function memberLabel(count) {
  return count === 1 ? '1 member' : `${count} members`;
}

/** A member count; the green "online" dot only when someone is in the room. */
function memberCountEl(count, attrs) {
  return h('span', { class: 'room-count', attrs },
    count > 0 ? h('span', { class: 'presence-dot', attrs: { 'aria-hidden': 'true' } }) : null,
    String(count));
}

/** Renders the sidebar's room lists; the callbacks receive a room name. */
export class RoomList {
  constructor({ joinedEl, otherEl, otherCountEl, emptyEl, moreButton, onSelect, onJoin, onLeave, onMore }) {
    Object.assign(this, { joinedEl, otherEl, otherCountEl, emptyEl, moreButton, onSelect, onJoin, onLeave });
    moreButton.addEventListener('click', () => onMore());
  }

  /**
   * @param joined [{ name, unread, members, pending }] in display order
   * @param current the open room
   * @param directory [{ room, members }] from /api/rooms, in the server's order
   * @param hasMore whether the directory has rooms past these
   */
  render(joined, current, directory, hasMore) {
    // The directory refreshes every few seconds: skip identical renders, and keep keyboard
    // focus on the same control when the lists do change.
    const signature = JSON.stringify([joined, current, directory, hasMore]);
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
    const others = directory.filter((r) => !names.has(r.room));
    this.otherEl.replaceChildren(...others.map((r) => this.#otherItem(r)));
    this.otherCountEl.textContent = others.length > 0 ? `${others.length}${hasMore ? '+' : ''}` : '';
    this.emptyEl.hidden = others.length > 0 || hasMore;
    this.moreButton.hidden = !hasMore;

    if (focusRoom !== undefined && focusList) {
      const again = [...focusList.children].find((li) => li.dataset.room === focusRoom);
      again?.querySelector(focusClass)?.focus({ preventScroll: true });
    }
  }

  #joinedItem(room, active) {
    const unread = room.unread > 0
      ? h('span', { class: 'badge', text: room.unread > 99 ? '99+' : String(room.unread), attrs: { 'aria-label': `${room.unread} unread` } })
      : null;
    const count = room.members === undefined ? null : memberCountEl(room.members, { 'aria-label': memberLabel(room.members) });
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
      memberCountEl(room.members, { 'aria-hidden': 'true' })));
  }
}
