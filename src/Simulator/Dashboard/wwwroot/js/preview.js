// The stimulus as the retina sees it (the server's downscaled copy), with the traced cells' RF centres marked.
// A point parameter can be picked by clicking on it (see startPicking).

const SVG = 'http://www.w3.org/2000/svg';

export class Preview {
  constructor(canvas, overlay, focus) {
    this.canvas = canvas;
    this.overlay = overlay;
    this.focus = focus;
    this.ctx = canvas.getContext('2d');
    this.image = null;
    this.cells = [];
    this.picking = null;
    focus.onChange(() => this.drawMarks());
    canvas.addEventListener('click', (e) => this.pick(e));
  }

  setCells(cells, width) {
    this.cells = cells;
    this.width = width;
    this.overlay.setAttribute('viewBox', `0 0 ${width} ${width}`);
    this.drawMarks();
  }

  /** Draws the frame's preview (if it carries one). */
  draw(frame) {
    const p = frame.preview;
    if (!p) return;
    if (this.canvas.width !== p.width || this.canvas.height !== p.height) {
      this.canvas.width = p.width;
      this.canvas.height = p.height;
      this.image = null;
    }
    this.image ??= this.ctx.createImageData(p.width, p.height);
    const rgba = new Uint32Array(this.image.data.buffer);
    for (let i = 0; i < p.pixels.length; i++) {
      const g = p.pixels[i];
      rgba[i] = 0xff000000 | (g << 16) | (g << 8) | g;   // little-endian RGBA: gray, opaque
    }
    this.ctx.putImageData(this.image, 0, 0);
    this.canvas.dataset.frame = String(frame.index);
  }

  drawMarks() {
    this.overlay.replaceChildren();
    for (const cell of this.focus.traced) {
      const info = this.cells[cell];
      if (!info) continue;
      const ring = document.createElementNS(SVG, 'circle');
      ring.setAttribute('cx', info.x);
      ring.setAttribute('cy', info.y);
      ring.setAttribute('r', 9);
      ring.setAttribute('fill', 'none');
      ring.setAttribute('stroke', this.focus.colourOf(cell));
      ring.setAttribute('stroke-width', 2);
      this.overlay.append(ring);
    }
  }

  /** The next click on the stimulus calls `then([x, y])` in stimulus pixels (Escape cancels). */
  startPicking(then) {
    this.picking = then;
    this.canvas.classList.add('picking');
  }

  stopPicking() {
    this.picking = null;
    this.canvas.classList.remove('picking');
  }

  pick(e) {
    if (!this.picking) return;
    const box = this.canvas.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * this.width, y = ((e.clientY - box.top) / box.height) * this.width;
    const then = this.picking;
    this.stopPicking();
    then([Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
  }
}
