// Loading and saving scenes: an example shipped in scenes/, a file on the machine vist runs on (by path), a file
// from this computer (upload), and the scene in force downloaded as JSON that `vist run --scene` reproduces.

import { el } from './controls.js';

export class SceneFiles {
  constructor(connection, toast) {
    this.connection = connection;
    this.toast = toast;
    this.examples = document.getElementById('example-select');
    const path = document.getElementById('path'), upload = document.getElementById('upload');
    document.getElementById('example-load').addEventListener('click', () => this.load('load_example', { name: this.examples.value }, this.examples.value));
    document.getElementById('path-load').addEventListener('click', () => this.load('load_file', { path: path.value.trim() }, path.value.trim()));
    path.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.load('load_file', { path: path.value.trim() }, path.value.trim()); });
    upload.addEventListener('change', async () => {
      const file = upload.files[0];
      upload.value = '';   // the same file can be chosen again
      if (!file) return;
      if (file.size > this.maxBytes) { this.toast(`${file.name}: ${file.size} bytes is too large for a scene (at most ${this.maxBytes})`, 'error'); return; }
      this.load('load_scene', { scene: await file.text(), name: file.name }, file.name);
    });
    document.getElementById('save').addEventListener('click', () => this.save());
  }

  setExamples(names, maxBytes) {
    this.maxBytes = maxBytes;
    const current = this.examples.value;
    this.examples.replaceChildren(...names.map((n) => el('option', { value: n, textContent: n })));
    if (names.includes(current)) this.examples.value = current;
  }

  async load(type, fields, what) {
    if (!what) { this.toast('name a scene first', 'error'); return; }
    try {
      const reply = await this.connection.request(type, fields);
      this.toast(`${what} loaded at frame ${reply.frame}`, 'ok');
    } catch (e) {
      this.toast(e.message, 'error');
    }
  }

  async save() {
    try {
      const reply = await this.connection.request('get_scene');
      const url = URL.createObjectURL(new Blob([reply.scene + '\n'], { type: 'application/json' }));
      const a = el('a', { href: url, download: 'vist-scene.json' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      this.toast(e.message, 'error');
    }
  }
}
