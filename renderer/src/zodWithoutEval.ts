import { config } from 'zod';

// The page's Content Security Policy forbids eval. Zod would otherwise probe for it with
// `new Function` on its first object check, which the browser reports as a violation.
config({ jitless: true });
