export * from './config';
export * from './errors';
export * from './platforms';
export * from './crm-connections';
export * from './contacts';
export * from './sync';
export * from './agents';
export * from './campaigns';
