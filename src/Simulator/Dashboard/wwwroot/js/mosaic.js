// The cells as discs at their receptive-field centres (stimulus pixels, 360 x 360), coloured by rate on the
// live window's colour map. Click focuses a cell, shift+click adds it to the compared traces.

const SVG = 'http://www.w3.org/2000/svg';

export class Mosaic {
  constructor(svg, scaleBar, scaleMax, focus) {
    this.svg = svg;
    this.scaleBar = scaleBar;
    this.scaleMaxText = scaleMax;
    this.focus = focus;
    this.circles = [];
    this.soloed = [];
    focus.onChange(() => this.markFocus());
  }

  setCells(cells, width, colourMap) {
    this.colourMap = colourMap;
    this.svg.setAttribute('viewBox', `0 0 ${width} ${width}`);
    this.svg.replaceChildren();
    const radius = Math.max(2, width / 40);   // the live window's disc size
    this.circles = cells.map((cell) => {
      const c = document.createElementNS(SVG, 'circle');
      c.setAttribute('cx', cell.x);
      c.setAttribute('cy', cell.y);
      c.setAttribute('r', radius);
      c.setAttribute('fill', colourMap[0]);
      c.dataset.cell = cell.index;
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `cell ${cell.index} (id ${cell.id}) · ${cell.type} · RF centre (${cell.x.toFixed(0)}, ${cell.y.toFixed(0)}) px`;
      c.append(title);
      c.addEventListener('click', (e) => (e.shiftKey ? this.focus.toggleTraced(cell.index) : this.focus.focus(cell.index)));
      this.svg.append(c);
      return c;
    });
    this.drawScaleBar();
    this.markFocus();
  }

  drawScaleBar() {
    const ctx = this.scaleBar.getContext('2d');
    this.colourMap.forEach((colour, i) => { ctx.fillStyle = colour; ctx.fillRect(i, 0, 1, 1); });
  }

  /** Colours every disc by its rate, on a scale from 0 to `scaleMax` spikes/s. */
  draw(rates, scaleMax) {
    const top = this.colourMap.length - 1;
    for (let c = 0; c < this.circles.length; c++) {
      const t = scaleMax > 0 ? Math.min(1, Math.max(0, rates[c] / scaleMax)) : 0;
      this.circles[c].setAttribute('fill', this.colourMap[Math.round(t * top)]);
    }
    this.scaleMaxText.textContent = scaleMax.toFixed(1);
  }

  setSoloed(soloed) {
    if (soloed.join() === this.soloed.join()) return;
    this.soloed = soloed;
    this.markFocus();
  }

  markFocus() {
    this.circles.forEach((c, i) => {
      const colour = this.focus.colourOf(i);
      c.classList.toggle('focused', colour !== null);
      c.classList.toggle('soloed', this.soloed.includes(i));
      if (colour) c.style.stroke = colour; else c.style.removeProperty('stroke');
    });
    // focused discs drawn last, so their rings are not covered by neighbours
    for (const i of this.focus.traced.slice().reverse()) this.circles[i] && this.svg.append(this.circles[i]);
  }
}
