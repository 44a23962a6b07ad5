/** The one ValidationPipe: unknown fields refused, types converted, every bad field named. */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldProblem } from '@app/domain';

export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints
      ? [
          {
            field,
            problems: Object.entries(error.constraints).map(([rule, text]) =>
              rule === 'whitelistValidation' ? 'is not an allowed field' : stripFieldName(text, error.property),
            ),
          },
        ]
      : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

// class-validator starts its messages with the property name ("email must be an email"); we name the field separately.
function stripFieldName(text: string, property: string): string {
  return text.startsWith(`${property} `) ? text.slice(property.length + 1) : text;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => DomainError.validation(fieldProblems(errors)),
  });
}
