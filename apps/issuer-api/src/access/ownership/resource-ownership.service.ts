import { Inject, Injectable } from '@nestjs/common';
import { AppError, type FieldError } from '@issuer/platform';
import type { OwnedKind } from '../admin-permissions';
import { sees, type Principal } from '../principal';
import { ResourceOwnerRepository } from './resource-owner.repository';
import { referenceErrors, refKey, type ResourceRef } from './ownership.rules';

/** A resource as the admin API shows it: `issuerId` names its issuer; absent, it belongs to the platform. */
export type Owned<T> = T & { issuerId?: string };

export function withOwner<T extends object>(item: T, issuerId: string | null): Owned<T> {
  return issuerId === null ? item : { ...item, issuerId };
}

/** Ownership of keys, DIDs and certificates for the admin handlers: recording, listing by scope, checking references. */
@Injectable()
export class ResourceOwnership {
  constructor(@Inject(ResourceOwnerRepository) private readonly owners: ResourceOwnerRepository) {}

  record(kind: OwnedKind, id: string, issuerId: string | null): Promise<void> {
    return this.owners.record(kind, id, issuerId);
  }

  forget(kind: OwnedKind, id: string): Promise<void> {
    return this.owners.forget(kind, id);
  }

  /** The owner shown with a resource: the issuer, or null for the platform (also for resources without a row). */
  async ownerOf(kind: OwnedKind, id: string): Promise<string | null> {
    return (await this.owners.find(kind, id))?.issuerId ?? null;
  }

  /** The items the principal may see, each with its `issuerId` (a listing filtered to the scope, API.md §13). */
  async visible<T extends object>(kind: OwnedKind, items: T[], idOf: (item: T) => string, principal: Principal): Promise<Owned<T>[]> {
    const owners = await this.owners.findMany(kind, items.map(idOf));
    return items
      .filter((item) => sees(principal, owners.get(idOf(item)) ?? null))
      .map((item) => withOwner(item, owners.get(idOf(item)) ?? null));
  }

  /** Field errors for the references `consumer` may not use (see referenceErrors). */
  async referenceErrors(
    refs: ResourceRef[],
    consumer: string | null,
    principal: Principal,
    kept?: ReadonlySet<string>,
  ): Promise<FieldError[]> {
    const owners = new Map<string, string | null | undefined>();
    for (const kind of new Set(refs.map((ref) => ref.kind))) {
      const ids = refs.filter((ref) => ref.kind === kind).map((ref) => ref.id);
      const found = await this.owners.findMany(kind, ids);
      for (const id of ids) owners.set(refKey({ kind, id }), found.has(id) ? (found.get(id) ?? null) : undefined);
    }
    return referenceErrors(refs, owners, consumer, principal, kept);
  }

  /** Throws a 400 naming each reference `consumer` may not use. */
  async requireUsable(refs: ResourceRef[], consumer: string | null, principal: Principal, kept?: ReadonlySet<string>): Promise<void> {
    const errors = await this.referenceErrors(refs, consumer, principal, kept);
    if (errors.length) throw AppError.validation(errors);
  }
}
