import { splitSentences } from './scripts/plugins/claims/sentences.ts';
import { findStatistics } from './scripts/plugins/claims/statistics.ts';
const t = process.argv[2]!;
for (const [a, b] of splitSentences(t)) { const s = t.slice(a, b); console.log(JSON.stringify(s.slice(0, 80)), findStatistics(s).map(f=>f.label)); }
