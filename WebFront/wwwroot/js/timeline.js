// One room's timeline: messages grouped by author, join/leave notices, day separators,
// gap notices, older history on scroll up, and "stick to the bottom" scrolling.

import { avatar, dayKey, dayLabel, h, icon, timeElement } from './dom.js';

/** Consecutive messages of one author within this window share one header. */
const GROUP_WINDOW_MS = 5 * 60 * 1000;
/** Within this distance of the top, older history is fetched. */
const LOAD_OLDER_PX = 160;
/** Within this distance of the bottom, the view follows new events. */
const STICK_PX = 48;

/** Builds timeline items from events in seq order, continuing from a tail state. */
class ItemBuilder {
  constructor(isOwn, tail = {}) {
    this.isOwn = isOwn;
    this.day = tail.day ?? null;
    this.group = tail.group ?? null;
  }

  /** Appends the items for `event` to `target` (an element or fragment). */
  add(target, event) {
    const at = new Date(event.at);
    const day = dayKey(at);
    if (day !== this.day) {
      target.append(h('li', { class: 'day', attrs: { role: 'separator' } }, h('span', { text: dayLabel(at) })));
      this.day = day;
      this.group = null;
    }
    if (event.type === 'message') {
      this.#addMessage(target, event, at);
    } else {
      target.append(notice(event));
      this.group = null;
    }
  }

  gap(target) {
    target.append(
      h('li', { class: 'gap', attrs: { role: 'note' } },
        icon('gap'),
        h('span', { text: 'Some messages from while you were away are no longer available.' })),
    );
    this.group = null;
  }

  #addMessage(target, event, at) {
    const g = this.group;
    if (g && g.userId === event.user.id && at - g.lastAt < GROUP_WINDOW_MS) {
      g.list.append(bubble(event));
      g.lastAt = at;
      return;
    }
    const own = this.isOwn(event.user);
    const list = h('ol', { class: 'bubbles' }, bubble(event));
    const head = own
      ? h('span', { class: 'visually-hidden', text: 'You' })
      : h('div', { class: 'group-head' }, h('span', { class: 'author', text: event.user.name }));
    const el = h('li', { class: own ? 'group own' : 'group', dataset: { user: event.user.id } },
      own ? null : avatar(event.user),
      h('div', { class: 'group-body' }, head, list));
    target.append(el);
    this.group = { el, list, userId: event.user.id, lastAt: at };
  }
}

function bubble(event) {
  return h('li', { class: 'bubble', dataset: { seq: String(event.seq) } },
    h('p', { class: 'text', text: event.text }),
    timeElement(event.at));
}

function notice(event) {
  const verb = event.type === 'joined' ? ' joined' : ' left';
  return h('li', { class: `notice ${event.type}`, dataset: { seq: String(event.seq) } },
    icon(event.type === 'joined' ? 'enter' : 'exit'),
    h('span', {}, h('strong', { text: event.user.name }), verb),
    timeElement(event.at));
}

/**
 * The timeline of one joined room. `onNeedOlder()` is called when the user reaches the
 * top and older history may exist; `onUnseen(count)` when new events arrive out of view.
 */
export class Timeline {
  #isOwn;
  #builder;
  #items;
  #start;
  #oldestSeq = Infinity;
  #hasOlder = true;
  #loadingOlder = false;
  #stick = true;
  #unseen = 0;

  constructor(room, { isOwn, onNeedOlder, onUnseen }) {
    this.room = room;
    this.#isOwn = isOwn;
    this.onNeedOlder = onNeedOlder;
    this.onUnseen = onUnseen;
    this.#builder = new ItemBuilder(isOwn);
    this.#start = h('div', { class: 'timeline-start' });
    this.#items = h('ol', { class: 'timeline-items' });
    this.el = h('section', {
      class: 'timeline',
      hidden: true,
      tabIndex: 0,
      attrs: { role: 'log', 'aria-label': `Messages in #${room}`, 'aria-live': 'polite' },
      onScroll: () => this.#onScroll(),
    }, this.#start, this.#items);
    this.#renderStart();
  }

  get oldestSeq() {
    return this.#oldestSeq;
  }

  get hasOlder() {
    return this.#hasOlder && this.#oldestSeq > 1;
  }

  get unseen() {
    return this.#unseen;
  }

  /** Appends events newer than everything shown; `gap` first shows that some were lost. */
  append(events, { gap = false, follow = false } = {}) {
    if (events.length === 0 && !gap) return;
    const atBottom = this.#stick || this.#isAtBottom();
    const fragment = document.createDocumentFragment();
    if (gap) this.#builder.gap(fragment);
    for (const event of events) {
      this.#builder.add(fragment, event);
      this.#oldestSeq = Math.min(this.#oldestSeq, event.seq);
    }
    this.#items.append(fragment);
    if (this.#oldestSeq <= 1) this.#hasOlder = false;
    this.#renderStart();
    if (atBottom || follow) {
      this.scrollToBottom();
    } else {
      this.#unseen += events.filter((e) => e.type === 'message').length;
      this.onUnseen?.(this.#unseen);
    }
  }

  /** Prepends older events (oldest first), keeping what the user looks at in place. */
  prepend(events) {
    if (events.length === 0) {
      this.#hasOlder = false;
      this.#renderStart();
      return;
    }
    const fromBottom = this.el.scrollHeight - this.el.scrollTop;
    const builder = new ItemBuilder(this.#isOwn);
    const fragment = document.createDocumentFragment();
    for (const event of events) builder.add(fragment, event);
    this.#oldestSeq = Math.min(this.#oldestSeq, events[0].seq);

    // Stitch the seam: one day separator, and one group when the same author continues.
    const first = this.#items.firstElementChild;
    if (first?.classList.contains('day') && first.textContent === dayLabel(new Date(events.at(-1).at))) first.remove();
    const next = this.#items.firstElementChild;
    const tail = builder.group;
    if (tail && next?.classList.contains('group') && next.dataset.user === tail.userId) {
      const firstSeq = Number(next.querySelector('.bubble')?.dataset.seq);
      if (firstSeq === events.at(-1).seq + 1) {
        tail.list.append(...next.querySelector('.bubbles').children);
        next.remove();
      }
    }
    this.#items.prepend(fragment);
    if (this.#oldestSeq <= 1) this.#hasOlder = false;
    this.#renderStart();
    this.el.scrollTop = this.el.scrollHeight - fromBottom;
    // A view still not filled (or still scrolled to the top) asks for the next page.
    this.#maybeLoadOlder();
  }

  /** Marks an older-history request in flight (shows a loading line). */
  setLoadingOlder(loading) {
    this.#loadingOlder = loading;
    this.#renderStart();
  }

  /** Called after the room is shown: restore the bottom and fill the view if it is short. */
  shown() {
    if (this.#stick) this.scrollToBottom();
    this.#maybeLoadOlder();
  }

  /** Asks for more history when the top is in view (also when the content is shorter than the view). */
  #maybeLoadOlder() {
    if (this.el.hidden || this.#loadingOlder || !this.hasOlder) return;
    if (this.el.scrollTop < LOAD_OLDER_PX) this.onNeedOlder?.();
  }

  scrollToBottom() {
    this.el.scrollTop = this.el.scrollHeight;
    this.#stick = true;
    this.#clearUnseen();
  }

  #isAtBottom() {
    if (this.el.hidden) return this.#stick;
    return this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < STICK_PX;
  }

  #onScroll() {
    this.#stick = this.#isAtBottom();
    if (this.#stick) this.#clearUnseen();
    this.#maybeLoadOlder();
  }

  #clearUnseen() {
    if (this.#unseen === 0) return;
    this.#unseen = 0;
    this.onUnseen?.(0);
  }

  #renderStart() {
    let content;
    if (this.#loadingOlder) {
      content = h('p', { class: 'start-loading' }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), 'Loading earlier messages…');
    } else if (this.hasOlder) {
      content = this.#oldestSeq === Infinity
        ? null
        : h('button', { type: 'button', class: 'link-button', text: 'Load earlier messages', onClick: () => this.onNeedOlder?.() });
    } else {
      content = h('div', { class: 'start-intro' },
        h('span', { class: 'start-badge' }, icon('hash')),
        h('h2', { text: `This is the start of #${this.room}` }),
        h('p', { text: 'Everything said here is visible to everyone in the room.' }));
    }
    this.#start.replaceChildren(...(content ? [content] : []));
  }
}
