// The dashboard: connects to the run, builds the views from its hello, and redraws them once per display frame
// with the newest data (frames arrive at the run's pace; drawing follows the screen's).

import { ClickTrain } from './clicktrain.js';
import { Connection } from './connection.js';
import { EventLog } from './eventlog.js';
import { Focus } from './focus.js';
import { decodeFrame } from './frame.js';
import { RateHistory } from './history.js';
import { Inspector } from './inspector.js';
import { Mosaic } from './mosaic.js';
import { Preview } from './preview.js';
import { Raster } from './raster.js';
import { SceneFiles } from './scenefiles.js';
import { ChangeSender } from './sender.js';
import { StatusBar } from './statusbar.js';
import { toast } from './toasts.js';
import { Traces } from './traces.js';

const $ = (id) => document.getElementById(id);
const HISTORY_FRAMES = 300;

const focus = new Focus();
const clicks = new ClickTrain();
let hello = null, history = null, newest = null, drawnVersion = -1, soloed = [];

const connection = new Connection({
  open() { document.body.dataset.connected = 'true'; },
  hello: start,
  scene: (m) => inspector.update(m),
  event: (m) => log.add(m),
  status(m) {
    statusBar.update(m);
    soloed = m.soloed;
    mosaic.setSoloed(soloed);
    showFocus();
  },
  frame(buffer) {
    const frame = decodeFrame(buffer);
    history?.push(frame);
    if (!newest || frame.index >= newest.index || !frame.preview) newest = { ...frame, preview: frame.preview ?? newest?.preview ?? null };
    if (frame.preview) preview.draw(frame);
  },
  closed(reason, ended) {
    document.body.dataset.connected = 'false';
    statusBar.disconnected(reason, ended);
    toast(ended ? reason : `${reason}; reconnecting…`, ended ? 'info' : 'error');
  },
});

const sender = new ChangeSender(connection, (message) => toast(message, 'error'), (reply) => inspector.sawVersion(reply.version));
const preview = new Preview($('preview'), $('preview-overlay'), focus);
const mosaic = new Mosaic($('mosaic'), $('scale-bar'), $('scale-max'), focus);
const raster = new Raster($('raster'));
const inspector = new Inspector(connection, sender, preview, toast);
const sceneFiles = new SceneFiles(connection, toast);
const statusBar = new StatusBar(connection, toast);
const log = new EventLog($('events'));
let traces = null;

/** A (re)connection's hello: the run may be a new one, so every view starts over. */
function start(m) {
  hello = m;
  history = new RateHistory(m.cells.length, HISTORY_FRAMES, m.frame_rate);
  newest = null;
  log.clear();
  statusBar.hello(m);
  inspector.setSpecs(m);
  sceneFiles.setExamples(m.examples, m.max_message_bytes);
  mosaic.setCells(m.cells, m.width, m.colour_map);
  preview.setCells(m.cells, m.width);
  traces ??= new Traces($('traces'), $('trace-legend'), focus, m.cells);
  $('solo').disabled = !m.sound;
  $('solo').title = m.sound ? "Hear only this cell in the run's own sound (S)" : 'the run makes no sound (vist run --audio live or --audio out.wav)';
  focus.focus(Math.min(focus.cell, m.cells.length - 1));
}

function showFocus() {
  if (!hello) return;
  const cell = hello.cells[focus.cell];
  $('focus-title').textContent = `Cell ${cell.index}`;
  $('focus-info').textContent = `id ${cell.id} · ${cell.type} · RF centre (${cell.x.toFixed(0)}, ${cell.y.toFixed(0)}) px`;
  const isSoloed = soloed.length === 1 && soloed[0] === cell.index;
  $('solo').textContent = isSoloed ? 'Hear all cells' : 'Solo in run';
  $('solo').classList.toggle('on', isSoloed);
  $('listen').textContent = clicks.playing ? 'Stop listening' : 'Listen';
  $('listen').classList.toggle('on', clicks.playing);
}
focus.onChange(showFocus);

$('listen').addEventListener('click', async () => {
  if (clicks.playing) clicks.stop();
  else {
    try { await clicks.start(); } catch (e) { toast(`no sound in this browser: ${e.message}`, 'error'); }
  }
  showFocus();
});

function toggleSolo() {
  if (!hello?.sound) return;
  const cells = soloed.length === 1 && soloed[0] === focus.cell ? [] : [focus.cell];
  connection.request('solo', { cells }).catch((e) => toast(e.message, 'error'));
}
$('solo').addEventListener('click', toggleSolo);

// the live window's keys: Space pause/resume, M mark, [ and ] previous/next cell, S solo
document.addEventListener('keydown', (e) => {
  if (e.target.closest('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey || !hello) return;
  const cells = hello.cells.length;
  switch (e.key) {
    case ' ': statusBar.togglePause(); break;
    case 'm': case 'M': statusBar.mark(); break;
    case '[': focus.focus((focus.cell - 1 + cells) % cells); break;
    case ']': focus.focus((focus.cell + 1) % cells); break;
    case 's': case 'S': toggleSolo(); break;
    case 'Escape': preview.stopPicking(); return;
    default: return;
  }
  e.preventDefault();
});

function draw() {
  requestAnimationFrame(draw);
  if (!history || !newest || history.version === drawnVersion) return;
  drawnVersion = history.version;
  const scale = newest.scaleMax;
  mosaic.draw(newest.rates, scale);
  traces.draw(history, scale);
  raster.draw(history, focus);
  const cell = hello.cells[focus.cell], rate = newest.rates[focus.cell];
  $('focus-rate').replaceChildren(`${rate.toFixed(1)} `, Object.assign(document.createElement('small'), { textContent: 'spikes/s' }));
  clicks.follow(rate, Math.max(-1, Math.min(1, (cell.x / hello.width) * 2 - 1)));   // panned like the run's sound
}

connection.connect();
requestAnimationFrame(draw);
