import { readFileSync } from 'node:fs';
import { looksEnglish } from './scripts/plugins/claims/language.ts';
const t = readFileSync('/tmp/claims-p.md','utf8');
console.log(looksEnglish(t), t.length);
