import { tag } from './scripts/plugins/claims/language.ts';
console.log(tag('Excluding December, Daesh claimed 53% of 838 operations in 2023; a 33-year-old can\'t say.').map(t=>`${t.text}/${t.pos}/${t.entity??''}@${t.from}`).join(' '));
