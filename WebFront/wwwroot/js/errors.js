// Protocol error codes in plain words, for the place where the user acted.

const MESSAGES = {
  rate_limited: "You're sending too fast. Wait a moment, then try again.",
  too_long: 'That message is too long. Keep it under 2,000 characters.',
  not_joined: "You're not in this room any more. Join it again to send messages.",
  invalid_room: 'Room names are 1 to 32 lowercase letters, digits, - or _, starting with a letter or digit.',
  too_many_rooms: "You're in 50 rooms already. Leave one before joining another.",
  unavailable: 'The chat service is briefly unavailable. Try again in a moment.',
  internal: 'Something went wrong on the server. Try again.',
  unknown_type: "The server didn't understand that request. Reload the page to update the app.",
  offline: "You're offline. Wait for the connection to come back, then try again.",
  disconnected: 'The connection dropped before the server answered. Try again once it is back.',
  timeout: "The server didn't answer in time. Try again.",
};

const BAD_REQUEST = {
  send: "That message can't be sent: it is empty.",
  rename: 'Names are 1 to 32 printable characters.',
  join: MESSAGES.invalid_room,
};

/**
 * The sentence to show for a failed action.
 * @param {{code?: string, message?: string}} error a ChatError or any Error
 * @param {'send'|'rename'|'join'|'leave'|'history'} action what the user tried
 */
export function describeError(error, action) {
  const code = error?.code;
  if (code === 'bad_request') return BAD_REQUEST[action] ?? 'The server refused that request as malformed.';
  return MESSAGES[code] ?? 'Something went wrong. Try again.';
}
