//! When a crashed server is restarted: at most `max` times within `windowMs`, then never again
//! until the user asks (Restart Server). This is what keeps a broken binary from a crash loop.

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly max = 4,
    private readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true when the server may be restarted once more. */
  crashed(): boolean {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    return this.crashes.length <= this.max;
  }

  /** A user-requested restart starts a fresh budget. */
  reset(): void {
    this.crashes = [];
  }

  get recentCrashes(): number {
    return this.crashes.length;
  }
}
