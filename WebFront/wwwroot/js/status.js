// The always-visible connection indicator, with a countdown and "Retry now" while offline.

const TEXT = { connecting: 'Connecting…', online: 'Online' };

export class ConnectionStatus {
  #timer = null;

  constructor(root, textEl, retryButton, onRetry) {
    this.root = root;
    this.textEl = textEl;
    this.retryButton = retryButton;
    retryButton.addEventListener('click', onRetry);
  }

  /** @param detail the connection's `state` event detail */
  show({ state, retryAt }) {
    clearInterval(this.#timer);
    this.root.dataset.state = state;
    this.retryButton.hidden = state !== 'offline';
    if (state !== 'offline') {
      this.textEl.textContent = TEXT[state];
      return;
    }
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
      this.textEl.textContent = seconds > 0 ? `Offline · retrying in ${seconds}s` : 'Offline · retrying…';
    };
    tick();
    this.#timer = setInterval(tick, 500);
  }
}
