// The run's events as the loop applied them (newest first), each with the frame it took effect at and who asked.

const MAX_SHOWN = 200;

export class EventLog {
  constructor(list) {
    this.list = list;
  }

  clear() { this.list.replaceChildren(); }

  add(e) {
    const li = document.createElement('li');
    li.dataset.kind = e.kind;
    li.dataset.frame = String(e.frame);
    li.dataset.origin = e.origin;
    if (e.layer && e.name) li.dataset.param = `${e.layer}.${e.name}`;
    const frame = document.createElement('span');
    frame.className = 'frame';
    frame.textContent = `#${e.frame}`;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = describe(e);
    const origin = document.createElement('span');
    origin.className = 'origin';
    origin.textContent = ` · ${e.origin}`;
    what.append(origin);
    li.append(frame, what);
    this.list.prepend(li);
    while (this.list.children.length > MAX_SHOWN) this.list.lastElementChild.remove();
  }
}

function describe(e) {
  switch (e.kind) {
    case 'set_param': return `${e.layer}.${e.name} = ${e.value}`;
    case 'load_scene': return `scene loaded (${e.value})`;
    case 'mark': return `mark${e.label ? ` "${e.label}"` : ''}`;
    case 'note': return `note ${e.value}`;
    default: return e.kind;
  }
}
