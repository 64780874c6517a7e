import fc from 'fast-check';
import type { Draft } from './draft';

/** The per-request generator: every choice of one request comes from it, so (seed, index) fixes the request. */
export type Gen = fc.GeneratorValue;

/** Stages run in this order, so a byte-level edit is never undone by re-serialising the structured body. */
export enum Stage {
  Jwt = 0,
  Structure = 1,
  Text = 2,
  Bytes = 3,
  Transport = 4,
}

export interface Mutator {
  name: string;
  stage: Stage;
  weight?: number;
  /**
   * Runs after the other mutators of its stage: a mutation that makes the request one that must be refused (a
   * broken schema constraint) is not undone by a later one rewriting the same member with a valid value.
   */
  lastInStage?: boolean;
  applies(draft: Draft): boolean;
  /** Edits the draft and returns the label of what it did (printed in reproductions). */
  apply(draft: Draft, g: Gen): string | Promise<string>;
}

export function pick<T>(g: Gen, items: readonly T[]): T {
  return g(fc.constantFrom, ...items);
}

export function int(g: Gen, min: number, max: number): number {
  return g(fc.integer, { min, max });
}

export function chance(g: Gen, probability: number): boolean {
  return g(fc.integer, { min: 0, max: 9999 }) < probability * 10000;
}

/** Picks `count` mutators by weight among those that apply now, and applies them stage by stage. */
export async function mutate(draft: Draft, g: Gen, mutators: readonly Mutator[], count: number): Promise<void> {
  const chosen: Mutator[] = [];
  for (let i = 0; i < count; i++) {
    const candidates = mutators.filter((m) => m.applies(draft) && !chosen.includes(m));
    if (!candidates.length) break;
    const total = candidates.reduce((sum, m) => sum + (m.weight ?? 1), 0);
    let roll = int(g, 0, total - 1);
    const next = candidates.find((m) => (roll -= m.weight ?? 1) < 0) ?? candidates[0];
    chosen.push(next);
  }
  chosen.sort((a, b) => a.stage - b.stage || Number(a.lastInStage ?? false) - Number(b.lastInStage ?? false));
  for (const mutator of chosen) {
    if (!mutator.applies(draft)) continue;
    draft.labels.push(await mutator.apply(draft, g));
  }
}
