// The WebSocket connection to /ws: identity token, ref-matched replies, pacing under the
// server's rate limit, heartbeat, reconnect with backoff, and rejoining every room with
// `after` = the last seq seen so that no event is lost or shown twice.

const TOKEN_KEY = 'orleanschat.token';

/** Backoff between reconnect attempts: 1 s, 2 s, 4 s ... up to 15 s, with +-20 % jitter. */
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 15000;
/** A ping every 25 s keeps proxies from idling the socket out; no pong in 10 s means the link is dead. */
const HEARTBEAT_MS = 25000;
const PONG_TIMEOUT_MS = 10000;
/** A failed rejoin for a transient reason (store unavailable, rate limited) is retried after this. */
const REJOIN_RETRY_MS = 2000;
/** The server allows 10 commands/s with a burst of 20 per connection; stay a little under it. */
const PACE_PER_SECOND = 8;
const PACE_BURST = 16;

const TRANSIENT = new Set(['unavailable', 'internal', 'rate_limited', 'disconnected', 'offline', 'timeout']);

/** An error reply from the server, or a local failure (`offline`, `disconnected`, `timeout`). */
export class ChatError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'ChatError';
    this.code = code;
  }

  /** True when trying again later may succeed. */
  get transient() {
    return TRANSIENT.has(this.code);
  }
}

/** A token bucket that delays commands instead of letting the server refuse them. */
class Pacer {
  #rate;
  #burst;
  #tokens;
  #last = performance.now();
  #queue = [];
  #timer = null;

  constructor(rate, burst) {
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
  }

  run(fn) {
    this.#queue.push(fn);
    this.#drain();
  }

  clear() {
    this.#queue = [];
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  #drain() {
    const now = performance.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    this.#last = now;
    while (this.#queue.length > 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#queue.shift()();
    }
    if (this.#queue.length > 0 && this.#timer === null) {
      const wait = ((1 - this.#tokens) / this.#rate) * 1000;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#drain();
      }, Math.ceil(wait));
    }
  }
}

/**
 * Events (CustomEvent detail):
 * - `state`   { state: 'connecting' | 'online' | 'offline', retryAt?: number, code?: number }
 * - `welcome` { user, resumed }         after every (re)connect
 * - `user`    { user }                  after a rename
 * - `room`    { room, reply, events, rejoin, recovered }  a join reply; `events` are only the new ones
 * - `event`   the room event itself     a live joined/left/message, in seq order, never twice
 * - `roomfailed` { room, error }        a room could not be (re)joined and was dropped
 */
export class ChatConnection extends EventTarget {
  #ws = null;
  #state = 'connecting';
  #user = null;
  #attempt = 0;
  #retryTimer = null;
  #heartbeatTimer = null;
  #nextRef = 1;
  #pending = new Map();
  /** room -> { lastSeq, joining, waiters }; the rooms this page wants to be in. */
  #rooms = new Map();
  #pacer = new Pacer(PACE_PER_SECOND, PACE_BURST);
  #storage;

  constructor(storage = window.localStorage) {
    super();
    this.#storage = storage;
    window.addEventListener('online', () => this.reconnectNow());
    window.addEventListener('offline', () => this.#drop(4000));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    });
  }

  get state() {
    return this.#state;
  }

  get user() {
    return this.#user;
  }

  /** Opens the socket; call once. */
  start() {
    this.#connect();
  }

  /** Skips the remaining backoff when the page is offline (a "Retry now" click, network back). */
  reconnectNow() {
    if (this.#state === 'offline') this.#connect();
  }

  /**
   * Joins a room, now if online or else as soon as the connection is back. Resolves with the
   * first `room` reply; the same reply is also announced as a `room` event.
   */
  join(room) {
    let entry = this.#rooms.get(room);
    if (!entry) {
      entry = { lastSeq: undefined, joining: false, waiters: [] };
      this.#rooms.set(room, entry);
    }
    const promise = new Promise((resolve, reject) => entry.waiters.push({ resolve, reject }));
    if (this.#state === 'online') this.#sendJoin(room, entry);
    return promise;
  }

  /** Leaves a room; its events stop at once, even before the server confirms. */
  leave(room) {
    const entry = this.#rooms.get(room);
    this.#rooms.delete(room);
    entry?.waiters.forEach((w) => w.reject(new ChatError('left', 'Left the room.')));
    if (this.#state !== 'online') return Promise.resolve();
    return this.request({ type: 'leave', room }).catch(() => undefined);
  }

  /** The last seq this page has of a room, or undefined before its first join reply. */
  lastSeq(room) {
    return this.#rooms.get(room)?.lastSeq;
  }

  send(room, text) {
    return this.request({ type: 'send', room, text });
  }

  history(room, before, limit) {
    return this.request({ type: 'history', room, before, limit });
  }

  members(room) {
    return this.request({ type: 'members', room });
  }

  async rename(name) {
    const reply = await this.request({ type: 'rename', name });
    this.#user = reply.user;
    this.#emit('user', { user: reply.user });
    return reply.user;
  }

  /** Sends a command with a fresh `ref`; resolves with its reply, rejects with a ChatError. */
  request(command, timeoutMs = 0) {
    const ws = this.#ws;
    if (!ws || this.#state !== 'online') {
      return Promise.reject(new ChatError('offline', 'Not connected.'));
    }
    const ref = `c${this.#nextRef++}`;
    return new Promise((resolve, reject) => {
      const pending = { resolve, reject, timer: null };
      if (timeoutMs > 0) {
        pending.timer = setTimeout(() => {
          this.#pending.delete(ref);
          reject(new ChatError('timeout', 'No reply.'));
        }, timeoutMs);
      }
      this.#pending.set(ref, pending);
      this.#pacer.run(() => {
        if (ws === this.#ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ ...command, ref }));
      });
    });
  }

  #connect() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (this.#ws) return;
    const url = new URL('/ws', window.location.href);
    url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const token = this.#storage.getItem(TOKEN_KEY);
    if (token) url.searchParams.set('token', token);

    this.#setState('connecting');
    const ws = new WebSocket(url);
    this.#ws = ws;
    ws.addEventListener('message', (e) => this.#onFrame(ws, e.data));
    ws.addEventListener('close', (e) => this.#onClose(ws, e.code));
  }

  #onFrame(ws, data) {
    if (ws !== this.#ws) return;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'welcome':
        this.#onWelcome(frame);
        return;
      case 'joined':
      case 'left':
      case 'message':
        this.#onEvent(frame);
        return;
      default:
        this.#onReply(frame);
    }
  }

  #onWelcome(frame) {
    const resumed = this.#user !== null && this.#user.id === frame.user.id;
    this.#user = frame.user;
    if (frame.token) this.#storage.setItem(TOKEN_KEY, frame.token);
    this.#attempt = 0;
    this.#setState('online');
    this.#emit('welcome', { user: frame.user, resumed });
    this.#startHeartbeat();
    for (const [room, entry] of this.#rooms) this.#sendJoin(room, entry);
  }

  #onEvent(event) {
    const entry = this.#rooms.get(event.room);
    // Events follow the room's join reply; anything at or below the last seq is a duplicate.
    if (!entry || entry.lastSeq === undefined || event.seq <= entry.lastSeq) return;
    entry.lastSeq = event.seq;
    this.#emit('event', event);
  }

  #onReply(frame) {
    const pending = frame.ref === undefined ? undefined : this.#pending.get(frame.ref);
    if (!pending) return;
    this.#pending.delete(frame.ref);
    clearTimeout(pending.timer);
    if (frame.type === 'error') pending.reject(new ChatError(frame.code, frame.message));
    else pending.resolve(frame);
  }

  #sendJoin(room, entry) {
    if (entry.joining) return;
    entry.joining = true;
    const after = entry.lastSeq;
    const command = after === undefined ? { type: 'join', room } : { type: 'join', room, after };
    this.request(command).then(
      (reply) => {
        entry.joining = false;
        if (this.#rooms.get(room) !== entry) return;
        const events = after === undefined ? reply.events : reply.events.filter((e) => e.seq > after);
        entry.lastSeq = Math.max(reply.seq, after ?? 0);
        this.#emit('room', { room, reply, events, rejoin: after !== undefined, recovered: reply.recovered !== false });
        entry.waiters.splice(0).forEach((w) => w.resolve(reply));
      },
      (error) => {
        entry.joining = false;
        if (this.#rooms.get(room) !== entry) return;
        if (error.transient) {
          // A lost connection rejoins on the next welcome; anything else retries shortly.
          if (error.code !== 'disconnected' && error.code !== 'offline') {
            setTimeout(() => {
              if (this.#state === 'online' && this.#rooms.get(room) === entry) this.#sendJoin(room, entry);
            }, REJOIN_RETRY_MS);
          }
          return;
        }
        this.#rooms.delete(room);
        entry.waiters.splice(0).forEach((w) => w.reject(error));
        this.#emit('roomfailed', { room, error });
      },
    );
  }

  #startHeartbeat() {
    clearInterval(this.#heartbeatTimer);
    const ws = this.#ws;
    this.#heartbeatTimer = setInterval(() => {
      this.request({ type: 'ping' }, PONG_TIMEOUT_MS).catch((error) => {
        if (error.code === 'timeout' && ws === this.#ws) this.#drop(4000);
      });
    }, HEARTBEAT_MS);
  }

  /** Gives up on the current socket without waiting for the browser to notice it is dead. */
  #drop(code) {
    const ws = this.#ws;
    if (!ws) return;
    this.#onClose(ws, code);
    try {
      ws.close();
    } catch {
      // Already closing.
    }
  }

  #onClose(ws, code) {
    if (ws !== this.#ws) return;
    this.#ws = null;
    clearInterval(this.#heartbeatTimer);
    this.#pacer.clear();
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new ChatError('disconnected', 'The connection was lost.'));
    }
    this.#pending.clear();
    for (const entry of this.#rooms.values()) entry.joining = false;

    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.#attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.#attempt = Math.min(this.#attempt + 1, 10);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
    this.#setState('offline', { retryAt: Date.now() + delay, code });
  }

  #setState(state, extra = {}) {
    this.#state = state;
    this.#emit('state', { state, ...extra });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
