// Lints an OpenAPI JSON file with Redocly's recommended rules and prints the problems as JSON.
// A script of its own because @redocly/openapi-core is an ES module and the specs run as CommonJS.
import { readFileSync } from 'node:fs';
import process from 'node:process';

import { createConfig, lintFromString } from '@redocly/openapi-core';

const file = process.argv[2];
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: readFileSync(file, 'utf8'), absoluteRef: file, config });
process.stdout.write(
  JSON.stringify(
    problems.map((p) => ({
      rule: p.ruleId,
      severity: p.severity,
      message: p.message,
      where: p.location?.[0]?.pointer,
    })),
  ),
);
