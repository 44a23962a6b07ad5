export * from './access.decorators';
export * from './input-validators';
