// The population raster: one row per cell, one column per frame of the history, a dot per spike; drawn into a
// small image (history x cells pixels) that the canvas scales up, so a redraw costs one pass over the history.

import { fitToBox } from './canvas.js';

export class Raster {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.small = document.createElement('canvas');
  }

  draw(history, focus) {
    const n = history.length, cells = history.cells;
    if (this.small.width !== n || this.small.height !== cells) {
      this.small.width = n;
      this.small.height = cells;
      this.image = this.small.getContext('2d').createImageData(n, cells);
    }
    const px = new Uint32Array(this.image.data.buffer);
    const background = 0xff0f0c0b, spike = 0xfffafafa, traced = new Map(focus.traced.map((c) => [c, abgr(focus.colourOf(c))]));
    px.fill(background);
    for (let age = 0; age < n; age++) {
      const row = history.row(history.newest - age);
      if (row < 0) continue;
      const x = n - 1 - age;
      for (let c = 0; c < cells; c++) if (history.spikes[row + c]) px[c * n + x] = traced.get(c) ?? spike;
    }
    this.small.getContext('2d').putImageData(this.image, 0, 0);
    fitToBox(this.canvas);
    this.ctx.imageSmoothingEnabled = false;
    this.ctx.drawImage(this.small, 0, 0, this.canvas.width, this.canvas.height);
  }
}

/** '#rrggbb' as an opaque pixel of a little-endian Uint32 RGBA image. */
function abgr(hex) {
  const v = parseInt(hex.slice(1), 16);
  return (0xff000000 | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}
