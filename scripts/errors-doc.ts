// npm run docs:errors — writes docs/errors.md from the message registry (src/core/messages).
// test/errors-doc.test.ts fails when the file and the registry disagree.
import { writeFileSync } from 'node:fs';
import { errorsMarkdown } from '../src/core/errors-doc.ts';

const path = new URL('../docs/errors.md', import.meta.url).pathname;
writeFileSync(path, errorsMarkdown());
console.log(`wrote ${path}`);
