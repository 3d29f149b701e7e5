// The WebSocket to vist: JSON text messages both ways (requests and their replies, hello/scene/event/status
// pushes) and binary frames from the server. Reconnects after a drop, unless the run has ended.

export class Connection {
  /** @param handlers {{hello, scene, event, status, frame, open, closed}} */
  constructor(handlers) {
    this.handlers = handlers;
    this.nextId = 1;
    this.pending = new Map();   // request id -> {resolve, reject}
    this.socket = null;
    this.ended = false;
  }

  connect() {
    const url = new URL('ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => this.handlers.open();
    socket.onmessage = (e) => this.receive(e.data);
    socket.onclose = (e) => {
      for (const { reject } of this.pending.values()) reject(new Error('the connection to vist closed'));
      this.pending.clear();
      this.handlers.closed(e.reason || (this.ended ? 'the run has ended' : 'the connection to vist was lost'), this.ended);
      if (!this.ended) setTimeout(() => this.connect(), 1500);
    };
  }

  receive(data) {
    if (data instanceof ArrayBuffer) { this.handlers.frame(data); return; }
    const m = JSON.parse(data);
    switch (m.type) {
      case 'reply': {
        const waiting = this.pending.get(m.id);
        if (!waiting) return;
        this.pending.delete(m.id);
        if (m.ok) waiting.resolve(m); else waiting.reject(new Error(m.error));
        return;
      }
      case 'status':
        if (m.ended) this.ended = true;
        this.handlers.status(m);
        return;
      case 'error':
        this.handlers.closed(m.error, false);
        return;
      default:
        this.handlers[m.type]?.(m);
    }
  }

  /** Sends a request; resolves with the reply, or rejects with the server's reason. */
  request(type, fields = {}) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected to vist'));
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ ...fields, type, id }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }
}
