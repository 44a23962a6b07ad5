export * from './access.decorators';
export * from './input-validators';
export * from './request-body';
export * from './csv-format';
export * from './api-responses';
export * from './idempotent-reply';
