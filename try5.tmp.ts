import { ParseEnglish } from 'parse-english';
import { toString } from 'nlcst-to-string';
const t = 'The tension culminated on December 16, when troops filled Tahrir Square to put down an anti-SCAF demonstration, killing 10 and wounding more than 400. Two weeks later, Egyptian security forces raided the offices of 17 local and international NGOs—including Freedom House—and arrested dozens.';
const tree = new ParseEnglish().parse(t);
for (const p of tree.children) if (p.type === 'ParagraphNode') for (const s of p.children) if (s.type === 'SentenceNode') console.log(JSON.stringify(toString(s)));
