// The top bar: the run's state, its figures (frame, time, frame rate, latency p50/p99 over the last 10 s, late
// and dropped frames), the recording, and the pause/resume and mark buttons.

const $ = (id) => document.getElementById(id);

export class StatusBar {
  constructor(connection, toast) {
    this.connection = connection;
    this.toast = toast;
    this.paused = false;
    $('pause').addEventListener('click', () => this.togglePause());
    $('mark').addEventListener('click', () => this.mark());
    $('mark-label').addEventListener('keydown', (e) => { if (e.key === 'Enter') this.mark(); });
  }

  hello(m) {
    this.paced = m.paced;
    this.recording = m.recording;
    $('model').textContent = `${m.model} · ${m.cells.length} cells · ${m.paced ? 'live, 30 Hz' : 'headless, as fast as it goes'}`;
    $('recording').hidden = !m.recording;
  }

  update(s) {
    this.paused = s.paused;
    const state = $('run-state');
    state.className = `chip ${s.ended ? 'gone' : s.paused ? 'paused' : 'live'}`;
    state.textContent = s.ended ? 'ended' : s.paused ? 'paused' : 'running';
    state.title = `${s.browsers} browser${s.browsers === 1 ? '' : 's'} watching` +
      (s.dropped_for_you > 0 ? `; this one missed ${s.dropped_for_you} frames (a slow connection)` : '');
    $('fig-frame').textContent = s.frame >= 0 ? s.frame : '–';
    $('fig-time').textContent = s.frame >= 0 ? `${s.t.toFixed(1)} s` : '–';
    $('fig-fps').textContent = `${s.fps.toFixed(1)} /s`;
    $('fig-latency').textContent = s.latency_p50_ms === null ? '–' : `${s.latency_p50_ms.toFixed(1)} / ${s.latency_p99_ms.toFixed(1)} ms`;
    $('fig-late').textContent = s.late;
    $('fig-dropped').textContent = s.dropped;
    $('fig-late').classList.toggle('warn', s.late > 0);
    $('fig-dropped').classList.toggle('warn', s.dropped > 0);
    $('pause').textContent = s.paused ? 'Resume' : 'Pause';
    $('pause').classList.toggle('on', s.paused);
    if (this.recording) {
      $('recording').className = 'chip rec';
      $('recording').textContent = `● REC ${this.recording}${s.recording_bytes === null ? '' : ` · ${size(s.recording_bytes)}`}`;
    }
  }

  disconnected(reason, ended) {
    const state = $('run-state');
    state.className = 'chip gone';
    state.textContent = ended ? 'ended' : 'disconnected';
    state.title = reason;
  }

  async togglePause() {
    try { await this.connection.request(this.paused ? 'resume' : 'pause'); } catch (e) { this.toast(e.message, 'error'); }
  }

  async mark() {
    const label = $('mark-label').value.trim();
    try {
      const reply = await this.connection.request('mark', { label });
      this.toast(`mark${label ? ` "${label}"` : ''} at frame ${reply.frame}`, 'ok');
      $('mark-label').value = '';
    } catch (e) {
      this.toast(e.message, 'error');
    }
  }
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
