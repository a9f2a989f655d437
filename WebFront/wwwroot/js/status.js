// The always-visible connection indicator, with a countdown and "Retry now" while offline.
// Only the state word is announced to screen readers; the ticking countdown is not.

const TEXT = { connecting: 'Connecting…', online: 'Online', offline: 'Offline' };

export class ConnectionStatus {
  #timer = null;

  constructor({ root, textEl, countdownEl, retryButton, onRetry }) {
    Object.assign(this, { root, textEl, countdownEl, retryButton });
    retryButton.addEventListener('click', onRetry);
  }

  /** @param detail the connection's `state` event detail */
  show({ state, retryAt }) {
    clearInterval(this.#timer);
    this.root.dataset.state = state;
    this.textEl.textContent = TEXT[state];
    this.retryButton.hidden = state !== 'offline';
    this.countdownEl.textContent = '';
    if (state !== 'offline') return;
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
      this.countdownEl.textContent = seconds > 0 ? `· retrying in ${seconds}s` : '· retrying…';
    };
    tick();
    this.#timer = setInterval(tick, 500);
  }
}
