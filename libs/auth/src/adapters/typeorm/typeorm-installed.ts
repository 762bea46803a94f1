import { requirePeer } from '../../peer-dependencies';

// Imported first by this entry point, so an app that asks for TypeORM persistence without
// TypeORM installed hears which package to add instead of a bare "Cannot find module".
requirePeer('typeorm', 'TypeORM persistence (@stepgate/auth/typeorm)');
