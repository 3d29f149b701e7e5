// The focused cell's click train in the browser: the same sound as the run's sonification (ClickTrainProvider):
// a Poisson click train at the cell's latest rate, each click a 1 ms biphasic pulse, panned by the cell's
// receptive-field position. Clicks are scheduled a little ahead on the audio clock: a time-varying Poisson
// process by time rescaling (draw an Exp(1) amount of "hazard", use it up at the rate, click when it runs out).

const AMPLITUDE = 0.3, LOOKAHEAD_S = 0.12, TICK_MS = 25;

export class ClickTrain {
  constructor() {
    this.context = null;
    this.rate = 0;
    this.pan = 0;
    this.timer = null;
  }

  get playing() { return this.timer !== null; }

  /** Starts the sound (call from a click: browsers allow audio only after a gesture). */
  async start() {
    this.context ??= new AudioContext();
    await this.context.resume();
    this.click = this.makeClick(this.context.sampleRate);
    this.panner = new StereoPannerNode(this.context, { pan: this.pan });
    this.panner.connect(this.context.destination);
    this.scheduledUntil = this.context.currentTime + 0.02;
    this.hazardLeft = -Math.log(1 - Math.random());
    this.timer = setInterval(() => this.schedule(), TICK_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.panner?.disconnect();
  }

  /** The cell's rate now (spikes/s) and its pan (-1 left .. +1 right). */
  follow(rate, pan) {
    this.rate = Math.max(0, rate);
    this.pan = pan;
    if (this.panner) this.panner.pan.value = pan;
  }

  schedule() {
    const until = this.context.currentTime + LOOKAHEAD_S;
    let t = Math.max(this.scheduledUntil, this.context.currentTime);
    // the rate holds over this stretch; hazard runs out after hazardLeft / rate seconds
    while (this.rate > 0 && t + this.hazardLeft / this.rate <= until) {
      t += this.hazardLeft / this.rate;
      this.hazardLeft = -Math.log(1 - Math.random());
      const source = new AudioBufferSourceNode(this.context, { buffer: this.click });
      source.connect(this.panner);
      source.start(t);
    }
    if (this.rate > 0) this.hazardLeft -= this.rate * (until - t);
    this.scheduledUntil = until;
  }

  makeClick(sampleRate) {
    const n = Math.round(sampleRate / 1000);
    const buffer = new AudioBuffer({ length: n, sampleRate, numberOfChannels: 1 });
    const data = buffer.getChannelData(0);
    for (let i = 0; i < n; i++) data[i] = AMPLITUDE * Math.sin((2 * Math.PI * i) / n) * (1 - (0.5 * i) / n);
    return buffer;
  }
}
