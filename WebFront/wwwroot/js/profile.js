// The user's name and avatar, renamed in place: click, type, Enter (Escape cancels).

import { avatar } from './dom.js';
import { describeError } from './errors.js';

export class Profile {
  #user = null;
  #saving = false;

  constructor({ nameButton, editButton, form, input, avatarEl, errorEl, onRename }) {
    Object.assign(this, { nameButton, editButton, form, input, avatarEl, errorEl, onRename });
    nameButton.addEventListener('click', () => this.#edit());
    editButton.addEventListener('click', () => this.#edit());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#save();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.#close();
      }
    });
    input.addEventListener('blur', () => {
      if (this.form.hidden || this.#saving) return;
      if (this.input.value.trim() === this.#user?.name) this.#close();
      else this.#save();
    });
  }

  show(user) {
    this.#user = user;
    this.nameButton.textContent = user.name;
    this.nameButton.dataset.userId = user.id;
    this.nameButton.setAttribute('aria-label', `Your name: ${user.name}. Click to rename`);
    const fresh = avatar(user);
    fresh.id = this.avatarEl.id;
    this.avatarEl.replaceWith(fresh);
    this.avatarEl = fresh;
  }

  #edit() {
    if (!this.#user) return;
    this.input.value = this.#user.name;
    this.nameButton.hidden = true;
    this.form.hidden = false;
    this.errorEl.textContent = '';
    this.input.focus();
    this.input.select();
  }

  #close() {
    this.form.hidden = true;
    this.nameButton.hidden = false;
    this.errorEl.textContent = '';
  }

  async #save() {
    const name = this.input.value.trim();
    if (name === this.#user?.name) {
      this.#close();
      return;
    }
    if (name.length < 1 || name.length > 32) {
      this.errorEl.textContent = describeError({ code: 'bad_request' }, 'rename');
      return;
    }
    this.#saving = true;
    try {
      await this.onRename(name);
      this.#close();
      this.nameButton.focus();
    } catch (error) {
      this.errorEl.textContent = describeError(error, 'rename');
      this.input.focus();
    } finally {
      this.#saving = false;
    }
  }
}
