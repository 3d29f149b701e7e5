// One inspector field per parameter, built from its spec (kind, unit, range, default, choices):
// numbers get a slider (over a span the server chose) and a number box, booleans a checkbox, choices a select,
// points two boxes and a pick-on-the-stimulus button, step lists and file paths a text box.
// A field reports the values the user gives through onValue(value); set(value) shows the value in force,
// except while the user is busy with the field (dragging, typing), whose input must not be overwritten.

const fmt = (v) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));

// the field whose slider is being dragged (one pointer at a time): its value is the user's until the drag ends
let dragging = null;
window.addEventListener('pointerup', () => { dragging = null; });
window.addEventListener('pointercancel', () => { dragging = null; });

/** "cycles per pixel · 0 < v ≤ 0.5" from a spec. */
export function rangeText(spec) {
  const parts = [];
  if (spec.unit) parts.push(spec.unit);
  const lo = spec.min, hi = spec.max;
  if (lo !== null && hi !== null) parts.push(`${fmt(lo)} ${spec.min_exclusive ? '<' : '≤'} v ≤ ${fmt(hi)}`);
  else if (lo !== null) parts.push(`v ${spec.min_exclusive ? '>' : '≥'} ${fmt(lo)}`);
  else if (hi !== null) parts.push(`v ≤ ${fmt(hi)}`);
  if (spec.choices.length) parts.push(spec.choices.join(' | '));
  return parts.join(' · ');
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

export { el };

/**
 * @param spec the parameter's spec from hello
 * @param opts {label, key, onValue(value), onPick?(then), canClear?}
 * @returns {{element, set(value, keyframes), busy(): boolean}}
 */
export function field(spec, opts) {
  const head = el('div', { className: 'field-head' },
    el('span', { className: 'field-name', textContent: opts.label ?? spec.name }),
    el('span', { className: 'field-unit', textContent: rangeText(spec) }));
  const controls = el('div', { className: 'field-controls' });
  const note = el('div', { className: 'field-note' });
  const element = el('div', { className: 'field', title: `${spec.describe}. ${spec.description}`, dataset: { param: opts.key, kind: spec.kind } },
    head, controls, note);
  const make = builders[spec.kind] ?? builders.text;
  const control = make(spec, opts, controls);
  const badge = el('span', { className: 'badge keyframed', textContent: 'keyframed' });
  element.addEventListener('pointerdown', (e) => { if (e.target.type === 'range') dragging = element; });

  return {
    element,
    // dragging its slider, or typing in one of its boxes
    busy: () => dragging === element || element.contains(document.activeElement) && ['number', 'text'].includes(document.activeElement.type),
    set(value, keyframes) {
      if (keyframes) {
        if (!badge.isConnected) head.append(badge);
        note.textContent = `keyframed: ${keyframes.map(([t, v]) => `${fmt(t)} s → ${fmt(v)}`).join(', ')}; a value set here replaces the keyframes`;
        control.set(null, 'constant…');
      } else {
        badge.remove();
        note.textContent = value === null && spec.optional ? 'not set' + (spec.name === 'aperture_px' ? ' (full field)' : '') : '';
        control.set(value, 'not set');
      }
    },
  };
}

const builders = {
  number: numberControl,
  integer: numberControl,

  bool(spec, opts, box) {
    const check = el('input', { type: 'checkbox', ariaLabel: spec.name });
    check.addEventListener('change', () => opts.onValue(check.checked));
    box.append(check, el('span', { className: 'muted', textContent: spec.description }));
    return { set: (v) => { check.checked = v === true; } };
  },

  choice(spec, opts, box) {
    const select = el('select', { ariaLabel: spec.name }, ...spec.choices.map((c) => el('option', { value: c, textContent: c })));
    select.addEventListener('change', () => opts.onValue(select.value));
    box.append(select);
    return { set: (v) => { select.value = v ?? ''; } };
  },

  point(spec, opts, box) {
    const x = el('input', { type: 'number', step: 'any', ariaLabel: `${spec.name} x`, placeholder: 'x' });
    const y = el('input', { type: 'number', step: 'any', ariaLabel: `${spec.name} y`, placeholder: 'y' });
    const send = () => {
      if (x.value === '' || y.value === '') return;
      opts.onValue([Number(x.value), Number(y.value)]);
    };
    x.addEventListener('change', send);
    y.addEventListener('change', send);
    box.append(el('span', { className: 'muted', textContent: 'x' }), x, el('span', { className: 'muted', textContent: 'y' }), y);
    if (opts.onPick) {
      const pick = el('button', { type: 'button', className: 'icon', textContent: '⌖', title: 'pick the point by clicking on the stimulus' });
      pick.addEventListener('click', () => opts.onPick((p) => opts.onValue(p)));
      box.append(pick);
    }
    if (opts.canClear) box.append(clearButton(opts));
    return {
      set: (v) => {
        x.value = v ? fmt(v[0]) : '';
        y.value = v ? fmt(v[1]) : '';
      },
    };
  },

  steps: jsonTextControl,
  file: textControl,
  text: textControl,
};

function numberControl(spec, opts, box) {
  const integer = spec.kind === 'integer';
  const number = el('input', { type: 'number', step: integer ? '1' : 'any', ariaLabel: spec.name });
  if (spec.min !== null) number.min = spec.min;
  if (spec.max !== null) number.max = spec.max;
  let range = null;
  if (spec.slider) {
    range = el('input', { type: 'range', min: spec.slider.min, max: spec.slider.max, step: spec.slider.step, ariaLabel: `${spec.name} slider` });
    range.addEventListener('input', () => {
      number.value = fmt(Number(range.value));
      opts.onValue(Number(range.value));
    });
    box.append(range);
  }
  number.addEventListener('change', () => {
    if (number.value === '') return;
    const v = Number(number.value);
    const bad = !Number.isFinite(v) || (integer && !Number.isInteger(v));
    number.classList.toggle('invalid', bad);
    if (!bad) opts.onValue(v);
  });
  box.append(number);
  // a luminance is shown as the gray it is (the stimulus has one channel: this is where colour applies)
  const swatch = spec.unit === 'linear luminance' ? el('span', { className: 'swatch', title: 'the luminance as the stimulus shows it' }) : null;
  if (swatch) {
    box.append(swatch);
    number.addEventListener('input', () => paint(swatch, Number(number.value)));
    range?.addEventListener('input', () => paint(swatch, Number(range.value)));
  }
  if (spec.default !== null && typeof spec.default === 'number') {
    const reset = el('button', { type: 'button', className: 'icon', textContent: '↺', title: `back to the default, ${fmt(spec.default)}` });
    reset.addEventListener('click', () => opts.onValue(spec.default));
    box.append(reset);
  }
  if (opts.canClear) box.append(clearButton(opts));
  return {
    set(v, placeholder) {
      number.classList.remove('invalid');
      number.value = v === null || v === undefined ? '' : fmt(v);
      number.placeholder = v === null ? placeholder : '';
      range?.classList.toggle('unset', typeof v !== 'number');
      if (range && typeof v !== 'number') range.value = range.min;
      if (range && typeof v === 'number') {
        // a value outside the slider's span widens it, so the thumb always shows the value in force
        if (v < Number(range.min)) range.min = v;
        if (v > Number(range.max)) range.max = v;
        range.value = v;
      }
      if (swatch && typeof v === 'number') paint(swatch, v);
    },
  };
}

function paint(swatch, luminance) {
  const g = Math.round(Math.min(1, Math.max(0, luminance)) * 255);
  swatch.style.background = `rgb(${g}, ${g}, ${g})`;
}

function clearButton(opts) {
  const clear = el('button', { type: 'button', className: 'icon', textContent: '×', title: 'unset (leave the parameter out)' });
  clear.addEventListener('click', () => opts.onValue(null));
  return clear;
}

function textControl(spec, opts, box) {
  const text = el('input', { type: 'text', ariaLabel: spec.name, placeholder: spec.kind === 'file' ? 'path on the server' : '' });
  const apply = el('button', { type: 'button', textContent: 'Set' });
  const send = () => { if (text.value !== '') opts.onValue(text.value); };
  apply.addEventListener('click', send);
  text.addEventListener('keydown', (e) => { if (e.key === 'Enter') send(); });
  box.append(text, apply);
  if (opts.canClear) box.append(clearButton(opts));
  return { set: (v) => { text.value = v ?? ''; } };
}

function jsonTextControl(spec, opts, box) {
  const text = el('input', { type: 'text', ariaLabel: spec.name, placeholder: '[[duration_s, luminance], ...]' });
  const apply = el('button', { type: 'button', textContent: 'Set' });
  const send = () => {
    let value;
    try { value = JSON.parse(text.value); } catch (e) {
      text.classList.add('invalid');
      opts.onInvalid?.(`${spec.name}: not JSON (${e.message}); expected ${spec.describe}`);
      return;
    }
    text.classList.remove('invalid');
    opts.onValue(value);
  };
  apply.addEventListener('click', send);
  text.addEventListener('keydown', (e) => { if (e.key === 'Enter') send(); });
  box.append(text, apply);
  return { set: (v) => { text.value = v ? JSON.stringify(v) : ''; } };
}
