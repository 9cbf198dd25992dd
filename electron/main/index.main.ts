import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as electron from 'electron';
import { startApp } from './app.main.ts';

const here = import.meta.dirname;

startApp(electron, {
  preloadPath: join(here, '../preload/index.cjs'),
  rendererDir: join(here, '../renderer'),
  coreWorkerUrl: pathToFileURL(join(here, 'core-worker.js')),
  triageWorkerUrl: pathToFileURL(join(here, 'triage-worker.js')).href,
  checkpointWorkerUrl: pathToFileURL(join(here, 'checkpoint-worker.js')).href,
});
