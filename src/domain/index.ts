export * from './market';
export * from './tenant';
export * from './dealer';
export * from './vehicle';
export * from './owner';
export * from './offer';
export * from './storable-text';
