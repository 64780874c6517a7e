import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@issuer/platform';
import type { Principal } from './principal';
import { PRINCIPAL_RESOLVERS, type PrincipalResolver } from './principal-resolver';

const BEARER = /^Bearer\s+(\S+)$/i;

/** `Authorization: Bearer <credential>` → the principal of the first resolver that knows the credential, else 401. */
@Injectable()
export class PrincipalAuthenticator {
  constructor(@Inject(PRINCIPAL_RESOLVERS) private readonly resolvers: PrincipalResolver[]) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = BEARER.exec(authorization ?? '');
    if (!match) throw new AppError('UNAUTHORIZED', 'An admin API key is required (Authorization: Bearer <key>)');
    for (const resolver of this.resolvers) {
      const principal = await resolver.resolve(match[1]!);
      if (principal) return principal;
    }
    throw new AppError('UNAUTHORIZED', 'The admin API key is not valid');
  }
}
