export * from './domain-error';
export * from './roles';
export * from './api-scopes';
export * from './password-policy';
export * from './pagination';
export * from './actor';
export * from './clock';
