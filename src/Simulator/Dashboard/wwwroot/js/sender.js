// Sends changes without flooding the run: per key (a parameter) at most one request is in flight; while it is,
// only the newest value waits and goes next. A slider dragged for a second thus sends a value per frame at most,
// each applied at a frame boundary and recorded, and always ends on the value the thumb was released at.

export class ChangeSender {
  constructor(connection, onError, onReply) {
    this.connection = connection;
    this.onError = onError;
    this.onReply = onReply;
    this.inFlight = new Set();
    this.waiting = new Map();   // key -> () => request fields (built when sent, so they use the newest state)
  }

  send(key, makeRequest) {
    if (this.inFlight.has(key)) { this.waiting.set(key, makeRequest); return; }
    this.inFlight.add(key);
    const { type, ...fields } = makeRequest();
    this.connection.request(type, fields)
      .then((reply) => this.onReply(reply))
      .catch((e) => this.onError(e.message))
      .finally(() => {
        this.inFlight.delete(key);
        const next = this.waiting.get(key);
        if (next) { this.waiting.delete(key); this.send(key, next); }
      });
  }
}
