import { ArgumentMetadata, ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type ValidationError as ClassValidatorError } from 'class-validator';

import { FieldProblem, ValidationError } from './domain.error';
import { unusableTextProblems } from './nul-characters';

/** How the figures of a built-in validator are named in a problem's params. */
const PARAM_NAMES: Record<string, string[]> = {
  maxLength: ['max'],
  minLength: ['min'],
  max: ['max'],
  min: ['min'],
  isLength: ['min', 'max'],
  arrayMaxSize: ['max'],
  arrayMinSize: ['min'],
  isIn: ['values'],
};

/** The figures a validator was declared with (MaxLength(200): { max: 200 }), read from its metadata. */
function paramsOf(
  target: object | undefined,
  property: string,
  code: string,
): Record<string, unknown> | undefined {
  const names = PARAM_NAMES[code];
  if (!names || !target) return undefined;
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === code);
  if (!meta?.constraints) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, meta.constraints[i] as unknown]));
}

function flatten(errors: ClassValidatorError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, reason]): FieldProblem => {
      // A named rule (NotBlank, a phone pattern) says its code in the validator's context.
      const named = (e.contexts?.[constraint] as { code?: string } | undefined)?.code;
      const code = named ?? (constraint === 'whitelistValidation' ? 'unknownField' : constraint);
      const params = paramsOf(e.target, e.property, constraint);
      return { field, reason, code, ...(params ? { params } : {}) };
    });
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
    // The target lets a problem name its rule's figures (paramsOf); it never leaves the server.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new ValidationError(flatten(errors)),
  });
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export function uuidParam(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new ValidationError([{ field, reason: 'deve essere un UUID / must be a UUID', code: 'isUuid' }]),
  });
}
