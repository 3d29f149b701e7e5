// Which cells the user looks at: the focused cell (its card, its click train) and up to four traced cells
// (the focused one first), each with a trace colour (the live window's colours). Views listen for changes.

export const TRACE_COLOURS = ['#56b4e9', '#e69f00', '#009e73', '#cc79a7'];

export class Focus {
  constructor() {
    this.cell = 0;
    this.traced = [0];
    this.listeners = [];
  }

  onChange(listener) { this.listeners.push(listener); }

  /** Focus one cell: it alone is traced, unless it is already among the compared ones (they stay). */
  focus(cell) {
    this.cell = cell;
    this.traced = this.traced.includes(cell) ? [cell, ...this.traced.filter((c) => c !== cell)] : [cell];
    this.changed();
  }

  /** Add a cell to the compared traces, or take it out again. */
  toggleTraced(cell) {
    if (this.traced.includes(cell)) {
      if (this.traced.length === 1) return;
      this.traced = this.traced.filter((c) => c !== cell);
      if (this.cell === cell) this.cell = this.traced[0];
    } else {
      this.traced = [...this.traced, cell].slice(-TRACE_COLOURS.length);
    }
    this.changed();
  }

  colourOf(cell) {
    const i = this.traced.indexOf(cell);
    return i < 0 ? null : TRACE_COLOURS[i];
  }

  changed() { for (const l of this.listeners) l(this); }
}
