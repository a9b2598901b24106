import { ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import type { ValidationError as ClassValidatorError } from 'class-validator';
import { FieldProblem, ValidationError } from './domain.error';

function flatten(errors: ClassValidatorError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Strict DTO validation whose 400 names each field and the reason. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationError(flatten(errors)),
  });
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export function uuidParam(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new ValidationError([{ field, reason: 'deve essere un UUID / must be a UUID' }]),
  });
}
