/**
 * What the gauges show, read from the running mux at scrape time (the
 * pools, their instances, the sessions): plain data, so this folder need not
 * know the pool or the hub, and a scrape costs nothing between scrapes.
 */
export interface InstanceSample {
  server: string;
  instance: string;
  /** starting, ready, restarting, stopped... as the upstream says. */
  state: string;
  /** closed, open or half-open. */
  circuit: string;
  restarts: number;
}

export interface MetricsSnapshot {
  instances: InstanceSample[];
  queued: { server: string; length: number }[];
  /** One entry per client session: its front door and its client's name. */
  sessions: { front: string; client: string }[];
}
