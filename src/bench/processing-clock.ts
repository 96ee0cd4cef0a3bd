/**
 * A consumer's simulated work (`bench --processing-ms`) as one server with a fixed service time on
 * a virtual clock: a message starts when it has arrived and the one before it is done, and is done
 * processingMs later. The consumer settles every message whose completion time has passed and
 * sleeps until the next one's. Node's timers fire no sooner than 1 ms and often later (a delay
 * below 1 ms is raised to 1: https://nodejs.org/api/timers.html#settimeoutcallback-delay-args),
 * so sleeping processingMs per message ran 0.05 ms of work at ~1.1 ms a message (919 msg/s,
 * 2026-12-08); on the virtual clock a late wake-up settles what fell due meanwhile, and the
 * consumer carries 1 ÷ processingMs at saturation whatever the timer's granularity. Pure.
 */
export class ProcessingClock {
  private busyUntilMicros = -Infinity;

  constructor(private readonly serviceMicros: number) {}

  /** When the next message in line, which arrived at `arrivedMicros`, is done. */
  completionMicros(arrivedMicros: number): number {
    return Math.max(arrivedMicros, this.busyUntilMicros) + this.serviceMicros;
  }

  /** The next message in line is done at `doneMicros` (its completionMicros). */
  complete(doneMicros: number): void {
    this.busyUntilMicros = doneMicros;
  }
}
