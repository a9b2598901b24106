// Imported first by every entry point (before Nest, pg, ioredis and express are loaded), so that
// the instrumentations can wrap them. Does nothing unless an OTLP endpoint is configured.
import 'dotenv/config';

import { startTracing, tracingWanted } from './start-tracing';

if (tracingWanted(process.env)) startTracing(process.env);
