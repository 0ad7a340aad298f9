// Imported first by the page: the page's CSP has no 'unsafe-eval', so zod must not compile
// parsers with `new Function` (nor probe whether it may: the probe is reported as a CSP
// violation). zod decides when a schema is built, so this runs before messages.ts is loaded.
import * as zod from 'zod';

zod.config({ jitless: true });
