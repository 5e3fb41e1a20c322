/**
 * Exemptions: `<!-- cite-ok: reason -->`. Inside a paragraph it exempts that
 * whole paragraph; as a block of its own it exempts the next block (a
 * paragraph, list, table or block quote; blank lines between allowed). Every
 * honoured exemption is recorded in `file.data.exemptions`. Without a reason
 * (`<!-- cite-ok -->`, `<!-- cite-ok: -->`) it warns `unjustified-exemption`
 * and exempts nothing.
 *
 * CommonMark makes a line that *starts* with `<!--` an HTML block up to the
 * end of the line with `-->`, so an inline marker goes after text.
 */
import type { Html } from 'mdast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { RULES, SOURCE } from '../../lib/rules.ts';
import type { Example } from './types.ts';

/** An exemption that was honoured: its reason and where its comment is. */
export interface Exemption {
  reason: string;
  place: Position;
}

declare module 'vfile' {
  interface DataMap {
    /** Claims exempted with `<!-- cite-ok: reason -->`, for the CLI summary. */
    exemptions: Exemption[];
  }
}

export const examples: Example[] = [
  { md: 'Attacks fell by 53% in the north.<!-- cite-ok: our own field count -->', rules: [], why: 'an inline exemption with a reason' },
  { md: '<!-- cite-ok: survey we ran in 2024 -->\nSome 30% agreed.', rules: [], why: 'a block exemption covers the next block' },
  { md: '<!-- cite-ok -->\nSome 30% agreed.', rules: [RULES.unjustifiedExemption, RULES.uncitedStatistic], why: 'no reason: it warns and exempts nothing' },
];

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Reads exemption comments for one file. */
export function exemptionReader(file: VFile, marker: string) {
  const exemptionRe = new RegExp(String.raw`<!--\s*${escapeRe(marker)}(?![\w-])([\s\S]*?)-->`, 'g');
  const exemptions: Exemption[] = (file.data.exemptions ??= []);
  /** Read exemption comments in an html node; return whether one with a reason was found. */
  return function read(node: Html): boolean {
    let exempt = false;
    for (const m of node.value.matchAll(exemptionRe)) {
      const reason = (m[1] ?? '').replace(/^\s*[:—–-]?\s*/, '').trim();
      const at = node.position;
      if (!reason) {
        file.message(`Exemption \`${marker}\` needs a reason, as in \`<!-- ${marker}: reason -->\``, {
          place: at,
          ruleId: RULES.unjustifiedExemption,
          source: SOURCE,
        });
        continue;
      }
      exempt = true;
      if (at) exemptions.push({ reason, place: at });
    }
    return exempt;
  };
}
