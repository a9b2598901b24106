import { ArgumentMetadata, ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import type { ValidationError as ClassValidatorError } from 'class-validator';

import { FieldProblem, ValidationError } from './domain.error';
import { unusableTextProblems } from './nul-characters';

function flatten(errors: ClassValidatorError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Refuses text no field may hold (NUL, lone surrogates, impossible calendar dates) in bodies,
 * queries and path parameters before the DTO validators run.
 */
class HelpdeskValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = unusableTextProblems(
        value,
        metadata.type === 'param' ? (metadata.data ?? 'path') : '',
      );
      if (problems.length > 0) throw new ValidationError(problems);
    }
    return super.transform(value, metadata);
  }
}

/** Strict DTO validation whose 400 names each field and the reason. */
export function createValidationPipe(): ValidationPipe {
  return new HelpdeskValidationPipe({
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
