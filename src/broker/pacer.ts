/**
 * Open-loop pacing: a token bucket whose tokens are computed from the elapsed time since the
 * start (count due = elapsed × rate), so timer jitter never accumulates into drift. When the
 * publisher falls behind (backpressure, a blocked event loop) it may catch up by at most
 * MAX_CATCH_UP_SECONDS worth of messages; older debt is forgiven and counted, so a stalled
 * publisher does not fire a huge burst and the shortfall shows up in the publish rate.
 */

/** Catch-up allowance: 100 ms of messages, well above setTimeout's ~1–4 ms granularity. */
export const MAX_CATCH_UP_SECONDS = 0.1;

export class Pacer {
  private issued = 0;
  private originMicros: number;
  /** Messages owed but forgiven because the publisher fell behind by more than the allowance. */
  forgiven = 0;
  private readonly burst: number;

  constructor(
    private readonly rateMsgPerSec: number,
    startMicros: number,
  ) {
    this.originMicros = startMicros;
    this.burst = Math.max(1, Math.ceil(rateMsgPerSec * MAX_CATCH_UP_SECONDS));
  }

  private due(nowMicros: number): number {
    return Math.floor(((nowMicros - this.originMicros) * this.rateMsgPerSec) / 1e6);
  }

  /** Messages that may be sent now. */
  available(nowMicros: number): number {
    const owed = this.due(nowMicros) - this.issued;
    if (owed > this.burst) {
      this.forgiven += owed - this.burst;
      this.issued += owed - this.burst;
      return this.burst;
    }
    return Math.max(0, owed);
  }

  consume(n: number): void {
    this.issued += n;
  }

  /** Time until the next message is due (µs, ≥ 0). */
  microsUntilNext(nowMicros: number): number {
    const nextAtMicros = this.originMicros + ((this.issued + 1) * 1e6) / this.rateMsgPerSec;
    return Math.max(0, nextAtMicros - nowMicros);
  }
}
