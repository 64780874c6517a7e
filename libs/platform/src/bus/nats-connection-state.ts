/**
 * What a NATS client knows about its connection, fed from the client's status events: whether it is
 * connected, how many times it lost the connection (a request compares the count before and after, to
 * tell an outage from a slow service), when it last came back, and a way to wait for that.
 */
export class NatsConnectionState {
  connected = true;
  outages = 0;
  reconnectedAt = 0;
  private waiters: (() => void)[] = [];

  disconnected(): void {
    this.connected = false;
    this.outages++;
  }

  reconnected(): void {
    this.connected = true;
    this.reconnectedAt = Date.now();
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once connected, or at `deadline` (epoch ms) if the connection is not back by then. */
  whenConnected(deadline: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiters = this.waiters.filter((w) => w !== wake);
          resolve();
        },
        Math.max(0, deadline - Date.now()),
      );
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
    });
  }
}
