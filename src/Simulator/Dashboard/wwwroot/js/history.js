// The last `length` frames' rates, and spikes drawn from them once on arrival (Poisson: a spike in a frame with
// probability rate / frame rate, as the live window's raster draws them), so the raster does not flicker.
// Frames that never arrived (a slow connection) stay empty rather than being made up.

export class RateHistory {
  constructor(cells, length, frameRate) {
    this.cells = cells;
    this.length = length;
    this.frameRate = frameRate;
    this.rates = new Float32Array(cells * length);
    this.spikes = new Uint8Array(cells * length);
    this.frameAt = new Float64Array(length).fill(-1);   // which frame each slot holds
    this.newest = -1;
    this.version = 0;
  }

  push(frame) {
    if (frame.index < this.newest - this.length + 1) return;
    const slot = frame.index % this.length, row = slot * this.cells;
    this.rates.set(frame.rates, row);
    for (let c = 0; c < this.cells; c++) this.spikes[row + c] = Math.random() < frame.rates[c] / this.frameRate ? 1 : 0;
    this.frameAt[slot] = frame.index;
    this.newest = Math.max(this.newest, frame.index);
    this.version++;
  }

  /** The row offset of frame `index` in rates/spikes, or -1 when that frame is not held. */
  row(index) {
    if (index < 0) return -1;
    const slot = index % this.length;
    return this.frameAt[slot] === index ? slot * this.cells : -1;
  }

  clear() {
    this.frameAt.fill(-1);
    this.newest = -1;
    this.version++;
  }
}
