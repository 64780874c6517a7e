import { Controller, Get, Inject } from '@nestjs/common';
import { ADMIN_PERMISSIONS, type Permission } from './admin-permissions';
import type { Principal } from './principal';
import { CurrentPrincipal } from './request-principal';
import { ServedAdminRoutes } from './served-admin-routes';

/** Who is asking, and who may do what: for consoles that show only what the caller can do, and for the matrix test. */
@Controller('api/v1')
export class AccessController {
  constructor(@Inject(ServedAdminRoutes) private readonly routes: ServedAdminRoutes) {}

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  /**
   * The permission table, the admin routes Fastify serves (`METHOD /route`), and those it serves that the table misses
   * (`unmapped`: refused; empty in a sound build).
   */
  @Get('permissions')
  permissions(): { items: ({ method: string; route: string } & Permission)[]; served: string[]; unmapped: string[] } {
    const items = Object.entries(ADMIN_PERMISSIONS).map(([operation, permission]) => {
      const [method, route] = operation.split(' ') as [string, string];
      return { method, route, ...permission };
    });
    return { items, served: this.routes.served(), unmapped: this.routes.unmapped() };
  }
}
