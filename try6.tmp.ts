import { findAttributions } from './scripts/plugins/claims/attributions.ts';
import { findStatistics } from './scripts/plugins/claims/statistics.ts';
const s = 'While the hyperparameter tuning done with a small dataset as demonstrated in this lesson has very minimal impact, considering it is estimated that we must cut carbon emissions by half over the next decade, it is worth noting.';
console.log(findAttributions(s), findStatistics(s));
console.log(findAttributions('Theorists contest the "expert" domination of preservation.'), findAttributions('Scholars of Native North America explain how some families "hid in plain sight" despite policies.'));
