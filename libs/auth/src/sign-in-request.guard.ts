import { ForbiddenError } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request } from 'express';

import { isCrossSite } from './same-origin.util';

/**
 * Against login CSRF (a hostile page signing its visitor in as the attacker): a cross-site form can
 * post url-encoded or text bodies without a preflight but never JSON, so sign-in takes JSON only
 * (415), and a request the browser says comes from another site is refused (403). A guard, so it
 * runs before the body is validated.
 */
@Injectable()
export class SignInRequestGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is('application/json')) {
      throw new UnsupportedMediaTypeException(
        'Accesso solo con un corpo JSON (application/json) / Sign-in takes a JSON body (application/json) only',
      );
    }
    if (isCrossSite(req.headers, this.config.PUBLIC_URL)) {
      throw new ForbiddenError('Accesso da un altro sito rifiutato / Sign-in from another site refused');
    }
    return true;
  }
}
