// The member list of the open room.

import { avatar, h } from './dom.js';

/** Keeps a room's members by user id and renders them, the user first, then by name. */
export class MemberList {
  constructor(listEl, countEl) {
    this.listEl = listEl;
    this.countEl = countEl;
  }

  render(members, selfId) {
    const sorted = [...members.values()].sort((a, b) => {
      if (a.id === selfId) return -1;
      if (b.id === selfId) return 1;
      return a.name.localeCompare(b.name);
    });
    this.listEl.replaceChildren(...sorted.map((user) =>
      h('li', { class: 'member', dataset: { user: user.id } },
        avatar(user, 'small'),
        h('span', { class: 'member-name', text: user.name }),
        user.id === selfId ? h('span', { class: 'member-you', text: 'you' }) : null)));
    this.countEl.textContent = String(members.size);
  }
}
