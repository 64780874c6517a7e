import { z } from 'zod';
import { defineContract } from '../bus/contract';
import { Subjects } from '../subjects';

export interface HealthPingResponse {
  service: string;
  instanceId: string;
}

/** Every service answers its own ping subject; a caller can check that a service is reachable over the bus. */
export const healthPingContract = (service: string) =>
  defineContract<Record<string, never>, HealthPingResponse>(Subjects.HealthPing(service), z.object({}).strict());
