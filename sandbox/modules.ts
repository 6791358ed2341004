import type { ModuleFactory } from './core/server';
import { createHomeModules } from './home';
import { createRemoteModules } from './remote';
import { createWebClientModules } from './clients';

/** Every host module of the sandbox fediverse: the home Mastodon server, remote servers, Threads and Instagram, and the web clients. */
export const defaultModules: ModuleFactory[] = [
  createHomeModules,
  createRemoteModules,
  createWebClientModules,
];
