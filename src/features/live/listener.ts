import "server-only";
import pg from "pg";

export type TListenerHandlers = {
  onNotification: (channel: string, payload: string) => void;
  /** After a reconnect: NOTIFYs sent while the connection was down are lost. */
  onReconnected: () => void;
};

/**
 * One dedicated connection per app process that LISTENs on the live channels (never one per
 * browser). On a lost connection it reconnects with exponential backoff (0.5 s → 30 s, with
 * jitter) and tells the hub, which asks browsers to catch up.
 */
export class LiveListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readyPromise: Promise<void>;
  private resolveReady: () => void = () => {};

  constructor(
    private readonly connectionString: string,
    private readonly channels: readonly string[],
    private readonly handlers: TListenerHandlers,
  ) {
    this.readyPromise = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
    void this.connect(false);
  }

  /** Resolves once the first LISTEN is in place. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  private async connect(isReconnect: boolean): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "support-tickets-live" });
    // Errors arrive as events too: without a handler a lost connection would crash the process.
    client.on("error", () => this.lose(client));
    client.on("end", () => this.lose(client));
    client.on("notification", (message) => {
      if (message.payload !== undefined) this.handlers.onNotification(message.channel, message.payload);
    });
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (this.stopped) {
        await client.end().catch(() => {});
        return;
      }
      this.client = client;
      this.attempt = 0;
      this.resolveReady();
      if (isReconnect) this.handlers.onReconnected();
    } catch {
      client.removeAllListeners("end");
      await client.end().catch(() => {});
      this.schedule();
    }
  }

  private lose(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners("end");
    void client.end().catch(() => {});
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    const delay = Math.min(30_000, 500 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect(true);
    }, delay);
    this.timer.unref();
  }

  /** Test hook: drops the connection as a network failure would. */
  dropConnectionForTest(): void {
    if (this.client) this.lose(this.client);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners("end");
      await client.end().catch(() => {});
    }
  }
}
