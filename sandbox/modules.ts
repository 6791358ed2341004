import type { ModuleFactory } from './core/server';
import { createHomeModules } from './home';
import { createRemoteModules } from './remote';

/** Every host module of the sandbox fediverse: the home Mastodon server, remote servers, Threads and Instagram. */
export const defaultModules: ModuleFactory[] = [createHomeModules, createRemoteModules];
