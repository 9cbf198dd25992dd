// The harness's stand-in for the Electron preload: the same `window.outpost`
// object ({call, on}), carried over a token-protected WebSocket to the real core.
// Plain browser JavaScript, served as a file so the page's CSP needs no 'unsafe-inline'.
(() => {
  const TOKEN_KEY = 'outpost.harness.token';
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';

  const closedError = { code: 'TRANSPORT_CLOSED', message: 'The connection to the engine was closed.' };
  const pending = new Map();
  const handlers = new Map();
  const queue = [];
  let nextId = 1;
  let closed = false;

  const socket = new WebSocket(`ws://${location.host}/rpc?token=${encodeURIComponent(token)}`);
  socket.addEventListener('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame);
  });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (typeof data.event === 'string') {
      for (const handler of handlers.get(data.event) ?? []) handler(data.payload);
      return;
    }
    const settle = pending.get(data.id);
    pending.delete(data.id);
    if (settle) settle('error' in data ? { error: data.error } : { result: data.result });
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const settle of pending.values()) settle({ error: closedError });
    pending.clear();
  });

  function call(method, input) {
    if (closed) return Promise.resolve({ error: closedError });
    const id = nextId++;
    const frame = JSON.stringify({ id, method, input });
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      else queue.push(frame);
    });
  }

  function on(event, handler) {
    const set = handlers.get(event) ?? new Set();
    set.add(handler);
    handlers.set(event, set);
    return () => set.delete(handler);
  }

  Object.defineProperty(window, 'outpost', { value: Object.freeze({ call, on }), enumerable: true });
})();
