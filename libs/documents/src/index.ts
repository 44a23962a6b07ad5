export * from './documents.module';
export * from './pdf-replies.service';
export * from './document-check';
export * from './image-check';
export * from './pdf-check';
export * from './decode-worker';
export * from './pdf-document';
