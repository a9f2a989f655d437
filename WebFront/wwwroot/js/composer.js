// The message box: Enter sends, Shift+Enter breaks the line, the box grows with its text,
// and errors show right above it.

const MAX_LENGTH = 2000;
const COUNT_FROM = 1800;

export class Composer {
  #errorTimer = null;

  constructor({ form, input, errorEl, countEl, onSend }) {
    Object.assign(this, { form, input, errorEl, countEl, onSend });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#submit();
    });
    input.addEventListener('keydown', (e) => {
      // isComposing: Enter that confirms an IME composition must not send.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.#submit();
      }
    });
    input.addEventListener('input', () => {
      this.#autosize();
      this.#count();
      if (!this.errorEl.hidden && this.errorEl.dataset.kind === 'local') this.clearError();
    });
  }

  setPlaceholder(text) {
    this.input.placeholder = text;
  }

  focus() {
    this.input.focus({ preventScroll: true });
  }

  /** Puts text back after a failed send, unless the user already typed something new. */
  restore(text) {
    if (this.input.value.trim() === '') {
      this.input.value = text;
      this.#autosize();
      this.#count();
    }
  }

  showError(message, kind = 'server') {
    clearTimeout(this.#errorTimer);
    this.errorEl.textContent = message;
    this.errorEl.dataset.kind = kind;
    this.errorEl.hidden = false;
    // Transient problems fade on their own; the rest stays until the next success.
    this.#errorTimer = setTimeout(() => this.clearError(), 8000);
  }

  clearError() {
    clearTimeout(this.#errorTimer);
    this.errorEl.hidden = true;
    this.errorEl.textContent = '';
  }

  #submit() {
    const text = this.input.value.trim();
    if (text === '') return;
    if (text.length > MAX_LENGTH) {
      this.showError(`That message is ${text.length.toLocaleString()} characters; the limit is ${MAX_LENGTH.toLocaleString()}.`, 'local');
      return;
    }
    this.input.value = '';
    this.#autosize();
    this.#count();
    this.onSend(text);
  }

  #autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
  }

  #count() {
    const length = this.input.value.trim().length;
    this.countEl.textContent = length >= COUNT_FROM ? `${length}/${MAX_LENGTH}` : '';
    this.countEl.classList.toggle('over', length > MAX_LENGTH);
  }
}
