import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '@issuer/platform';
import { credentialIssuerOf } from '../../common/public-url';
import { newSecret } from '../../common/secrets';
import type { IssuerRecord } from '../../issuers/issuer.repository';
import type { LoginMethod, LoginStart } from '../login-method';

export const PASSWORD_METHOD = 'PASSWORD';

/**
 * `authentication.method: "PASSWORD"` (API.md §11): the subject logs in with a username and password of the issuer's
 * users at the issuer's own form, `{credential_issuer}/login/{loginId}`. The login id is the single-use login state:
 * unguessable, stored only hashed; the form's answer comes back to `PasswordLoginController`.
 */
@Injectable()
export class PasswordLogin implements LoginMethod {
  readonly method = PASSWORD_METHOD;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async start(issuer: IssuerRecord): Promise<LoginStart> {
    const loginId = newSecret();
    return {
      redirect: `${credentialIssuerOf(this.config, issuer.config.id)}/login/${loginId}`,
      state: loginId,
      stored: { method: PASSWORD_METHOD },
    };
  }
}
