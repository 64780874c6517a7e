import { AdminClient, TestWallet } from '@issuer/testing';
import { createOffer } from '../protocol-helpers';
import type { TrafficLog } from './traffic-log';

export interface Flow {
  sessionId?: string;
  start: number;
  end: number;
  ok: boolean;
  error?: string;
}

/**
 * Wallets issuing credentials without pause while faults come and go: each worker creates an offer (admin
 * API) and runs the whole pre-authorized flow with the independent wallet library, again and again, through
 * the traffic log. A failed flow is recorded and the worker goes on after a short back-off. Bounded by
 * `maxFlows` so a slow machine never piles up unbounded work.
 */
export class IssuanceLoad {
  readonly flows: Flow[] = [];
  private running = false;
  private workers: Promise<void>[] = [];

  constructor(
    private readonly admin: AdminClient,
    private readonly traffic: TrafficLog,
    private readonly issuerId: string,
    private readonly profileId: string,
    private readonly options: { workers: number; pauseMs: number; maxFlows: number },
  ) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.options.workers }, () => this.work());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** One flow now, recorded like the workers' (recovery probes use it). */
  async flow(): Promise<Flow> {
    const flow: Flow = { start: Date.now(), end: 0, ok: false };
    try {
      const offer = await createOffer(this.admin, this.issuerId, this.profileId);
      flow.sessionId = offer.sessionId;
      const result = await new TestWallet({ fetch: this.traffic.fetch }).preAuthorizedFlow(offer.credentialOffer);
      flow.ok = result.credentials.length === 1;
    } catch (error) {
      flow.error = error instanceof Error ? error.message.slice(0, 200) : String(error);
    }
    flow.end = Date.now();
    this.flows.push(flow);
    return flow;
  }

  completed(): Flow[] {
    return this.flows.filter((f) => f.ok);
  }

  private async work(): Promise<void> {
    while (this.running && this.flows.length < this.options.maxFlows) {
      const flow = await this.flow();
      await new Promise((r) => setTimeout(r, flow.ok ? this.options.pauseMs : 500));
    }
  }
}
