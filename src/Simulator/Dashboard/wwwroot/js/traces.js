// Rate traces of the traced cells (their colours) and the population mean (white) over the history,
// newest on the right, on the same scale as the mosaic's colours.

import { fitToBox } from './canvas.js';

export class Traces {
  constructor(canvas, legend, focus, cells) {
    this.canvas = canvas;
    this.legend = legend;
    this.focus = focus;
    this.cells = cells;
    this.ctx = canvas.getContext('2d');
    focus.onChange(() => this.drawLegend());
    this.drawLegend();
  }

  drawLegend() {
    const items = this.focus.traced.map((c) => [`cell ${c}`, this.focus.colourOf(c)]);
    items.push(['population mean', '#f0f0f0']);
    this.legend.replaceChildren(...items.map(([text, colour]) => {
      const s = document.createElement('span');
      s.textContent = text;
      s.style.setProperty('--swatch', colour);
      return s;
    }));
  }

  draw(history, scaleMax) {
    const { canvas, ctx } = this;
    fitToBox(canvas);
    const w = canvas.width, h = canvas.height, n = history.length, cells = history.cells;
    ctx.clearRect(0, 0, w, h);
    ctx.strokeStyle = '#2a2f3a';
    ctx.lineWidth = 1;
    for (const f of [0.25, 0.5, 0.75]) { ctx.beginPath(); ctx.moveTo(0, Math.round(h * f) + 0.5); ctx.lineTo(w, Math.round(h * f) + 0.5); ctx.stroke(); }
    ctx.fillStyle = '#8a93a3';
    ctx.font = `${10 * devicePixelRatio}px system-ui, sans-serif`;
    ctx.fillText(`${scaleMax.toFixed(1)} spikes/s`, 4, 11 * devicePixelRatio);
    if (history.newest < 0) return;
    const x = (age) => w - 1 - (age * (w - 1)) / (n - 1);
    const y = (rate) => h - 1 - Math.min(1, Math.max(0, rate / scaleMax)) * (h - 2);
    const line = (value, colour, width) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      let drawing = false;
      for (let age = n - 1; age >= 0; age--) {
        const row = history.row(history.newest - age);
        if (row < 0) { drawing = false; continue; }   // a frame this browser never got: a gap
        const px = x(age), py = y(value(row));
        if (drawing) ctx.lineTo(px, py); else ctx.moveTo(px, py);
        drawing = true;
      }
      ctx.stroke();
    };
    line((row) => { let s = 0; for (let c = 0; c < cells; c++) s += history.rates[row + c]; return s / cells; }, '#f0f0f0', 1);
    for (const cell of this.focus.traced.slice().reverse()) line((row) => history.rates[row + cell], this.focus.colourOf(cell), 1.6);
  }
}
