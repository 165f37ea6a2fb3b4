/** Token-level editing (ToEdit): the public surface. */
export * from './config';
export * from './counts';
export * from './edit-engine';
export * from './flags';
export * from './samplers';
export * from './seeds';
export { isValidUtf8 } from './utf8-splice';
export * from './editable-ranges';
