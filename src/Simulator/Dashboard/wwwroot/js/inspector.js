// The scene in force as editable fields: the scene's own fields, then each layer (in drawing order) with its
// timing and every parameter of its type (unit, range, default from the server's specs), and a form to add a
// layer. Parameter changes are set_param requests; structure changes (add, remove, move, seed, background) name
// the scene version they were made on, so an edit on a scene that changed meanwhile is refused, not misapplied.

import { el, field } from './controls.js';

export class Inspector {
  constructor(connection, sender, preview, toast) {
    this.connection = connection;
    this.sender = sender;
    this.preview = preview;
    this.toast = toast;
    this.sceneBox = document.getElementById('scene-fields');
    this.layersBox = document.getElementById('layers');
    this.version = document.getElementById('scene-version');
    this.addType = document.getElementById('add-type');
    this.addRequired = document.getElementById('add-required');
    this.collapsed = new Set();
    this.sceneFieldsShown = new Map();   // seed, background -> field
    this.layerFieldsShown = new Map();   // layer key -> (parameter -> field)
    this.structure = '';
    this.scene = null;
    document.getElementById('add-layer').addEventListener('click', () => this.addLayer());
    this.addType.addEventListener('change', () => this.showRequired());
  }

  /** The specs of every stimulus type and of the scene's and layers' own fields (from hello). */
  setSpecs(hello) {
    this.types = hello.types;
    this.sceneSpecs = hello.scene_fields;
    this.timingSpecs = hello.layer_fields;
    this.addType.replaceChildren(...Object.keys(this.types).map((t) => el('option', { value: t, textContent: t })));
    this.structure = '';
    this.showRequired();
  }

  /** Shows the scene in force (a scene message). */
  update(scene) {
    this.scene = scene;
    this.knownVersion = Math.max(this.knownVersion ?? -1, scene.version);
    this.version.textContent = `version ${scene.version}`;
    if (!scene.editable) {
      this.structure = 'movie';
      this.sceneFieldsShown.clear();
      this.layerFieldsShown.clear();
      this.sceneBox.replaceChildren(el('p', { className: 'muted', textContent: 'The stimulus is a movie: it plays as it is, with no parameters. Load a scene to edit one.' }));
      this.layersBox.replaceChildren();
      return;
    }
    const structure = JSON.stringify(scene.layers.map((l) => [l.key, l.type, Object.keys(l.params), Object.keys(l.keyframes), l.end_s === null]));
    if (structure !== this.structure) this.rebuild(scene, structure);
    for (const [name, f] of this.sceneFieldsShown) if (!f.busy()) f.set(scene[name]);
    for (const layer of scene.layers) {
      for (const [name, f] of this.layerFieldsShown.get(layer.key)) {
        if (f.busy()) continue;
        if (name === 'start_s' || name === 'end_s') f.set(layer[name]);
        else f.set(layer.params[name] ?? null, layer.keyframes[name]);
      }
    }
  }

  rebuild(scene, structure) {
    this.structure = structure;
    this.sceneFieldsShown.clear();
    this.layerFieldsShown.clear();
    this.sceneBox.replaceChildren(...this.sceneSpecs.map((spec) => {
      const f = field(spec, { key: `scene.${spec.name}`, onValue: (v) => this.edit(`scene.${spec.name}`, () => ({ type: 'set_scene', name: spec.name, value: v })) });
      this.sceneFieldsShown.set(spec.name, f);
      return f.element;
    }));
    this.layersBox.replaceChildren(...scene.layers.map((layer) => this.layerCard(layer, scene.layers.length)));
  }

  layerCard(layer, count) {
    const card = el('div', { className: 'layer', dataset: { type: layer.type, key: layer.key, index: String(layer.index) } });
    card.classList.toggle('collapsed', this.collapsed.has(layer.key));
    const button = (text, title, enabled, onClick) => {
      const b = el('button', { type: 'button', className: 'icon', textContent: text, title, disabled: !enabled });
      b.addEventListener('click', (e) => { e.stopPropagation(); onClick(); });
      return b;
    };
    const head = el('div', { className: 'layer-head', title: 'click to fold' },
      el('span', { className: 'title' }, `#${layer.index} ${layer.type}`, el('span', { className: 'muted', textContent: layer.id ? `"${layer.id}"` : '(no id: addressed by index)' })),
      button('↑', 'draw earlier (further down)', layer.index > 0, () => this.edit('layers', () => ({ type: 'move_layer', layer: layer.index, to: layer.index - 1 }))),
      button('↓', 'draw later (further up)', layer.index < count - 1, () => this.edit('layers', () => ({ type: 'move_layer', layer: layer.index, to: layer.index + 1 }))),
      button('✕', 'remove this layer', true, () => this.edit('layers', () => ({ type: 'remove_layer', layer: layer.index }))));
    head.addEventListener('click', () => {
      card.classList.toggle('collapsed');
      if (card.classList.contains('collapsed')) this.collapsed.add(layer.key); else this.collapsed.delete(layer.key);
    });
    const body = el('div', { className: 'layer-body' });
    const key = layer.key, shown = new Map();
    this.layerFieldsShown.set(key, shown);
    const setParam = (name) => (value) => this.sender.send(`${key}.${name}`, () => ({ type: 'set_param', layer: key, name, value }));
    for (const spec of this.timingSpecs) {
      const f = field(spec, { key: `${key}.${spec.name}`, onValue: setParam(spec.name), canClear: spec.optional });
      shown.set(spec.name, f);
      body.append(f.element);
    }
    for (const spec of this.types[layer.type]) {
      const f = field(spec, {
        key: `${key}.${spec.name}`,
        onValue: setParam(spec.name),
        onInvalid: (m) => this.toast(m, 'error'),
        onPick: (then) => { this.preview.startPicking(then); this.toast(`click on the stimulus to set ${key}.${spec.name}`); },
        canClear: spec.optional,
      });
      shown.set(spec.name, f);
      body.append(f.element);
    }
    card.append(head, body);
    return card;
  }

  /** A structure edit on the scene version shown (or the newer one a reply reported). */
  edit(key, makeRequest) {
    this.sender.send(key, () => ({ ...makeRequest(), version: this.knownVersion }));
  }

  /** Notes the version a reply reports (it includes the change just made). */
  sawVersion(version) {
    if (typeof version === 'number') this.knownVersion = Math.max(this.knownVersion ?? -1, version);
  }

  showRequired() {
    const specs = (this.types?.[this.addType.value] ?? []).filter((s) => s.required);
    this.required = new Map();
    this.addRequired.replaceChildren(...specs.map((spec) => {
      const input = el('input', { type: 'text', ariaLabel: spec.name, dataset: { param: spec.name },
        placeholder: spec.kind === 'steps' ? '[[1, 0], [1, 1]]  (seconds, luminance)' : spec.kind === 'file' ? 'path on the server, e.g. scenes/media/leaves.png' : spec.describe });
      this.required.set(spec, input);
      return el('div', { className: 'field', title: spec.description }, el('div', { className: 'field-head' },
        el('span', { className: 'field-name', textContent: spec.name }), el('span', { className: 'field-unit', textContent: 'required' })), input);
    }));
  }

  addLayer() {
    const params = {};
    for (const [spec, input] of this.required ?? []) {
      if (input.value.trim() === '') { this.toast(`${this.addType.value} needs ${spec.name} (${spec.describe})`, 'error'); return; }
      if (spec.kind === 'steps') {
        try { params[spec.name] = JSON.parse(input.value); } catch (e) { this.toast(`${spec.name}: not JSON (${e.message})`, 'error'); return; }
      } else params[spec.name] = input.value;
    }
    this.edit('layers', () => ({ type: 'add_layer', layer_type: this.addType.value, params }));
  }
}
