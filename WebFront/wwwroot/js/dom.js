// DOM helpers. Every piece of user-supplied text reaches the page through text nodes
// (createTextNode / textContent); nothing here ever assigns HTML from data.

/**
 * Creates an element. `props` keys: `class`, `text`, `dataset`, `on<Event>` handlers,
 * `attrs` (plain attributes), anything else is assigned as a property.
 * Children may be nodes, strings (become text nodes), or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'attrs') for (const [a, v] of Object.entries(value)) el.setAttribute(a, String(v));
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else el[key] = value;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Removes every child of `el`. */
export function clear(el) {
  el.replaceChildren();
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

/** A `<time>` element with the local hour and minute of an ISO timestamp. */
export function timeElement(at, className = 'time') {
  const date = new Date(at);
  return h('time', { class: className, dateTime: at, title: fullFormat.format(date), text: timeFormat.format(date) });
}

/** "Today", "Yesterday" or a weekday and date, for day separators. */
export function dayLabel(date) {
  const today = new Date();
  const start = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((start(today) - start(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return dayFormat.format(date);
}

/** A local calendar-day key, to tell when two timestamps fall on different days. */
export function dayKey(date) {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** A stable hue for a user id, so each person keeps one avatar colour. */
export function hueOf(id) {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

/** A round avatar with the first letter of the name. */
export function avatar(user, size = '') {
  const letter = (Array.from(user.name.trim())[0] ?? '?').toUpperCase();
  const el = h('span', { class: `avatar ${size}`.trim(), text: letter, attrs: { 'aria-hidden': 'true' } });
  el.style.setProperty('--hue', String(hueOf(user.id)));
  return el;
}

/** An inline SVG icon from the sprite in index.html. */
export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(ns, 'use');
  use.setAttribute('href', `#i-${name}`);
  svg.append(use);
  return svg;
}
