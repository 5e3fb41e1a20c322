/**
 * MathML through epub-gen-memory: its re-serialiser drops every attribute
 * outside a fixed list (`xmlns`, `display`, `mathvariant`, `encoding`…), which
 * leaves `<math>` in the XHTML namespace and fails epubcheck. Each `<math>`
 * element is swapped for a placeholder before the writer sees the chapter and
 * put back, in the MathML namespace, in the zip it wrote; the package document
 * gets the `mathml` property on each file that holds math (EPUB 3 requires it).
 */
const MATH = /<math\b[\s\S]*?<\/math>/g;
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

interface Zip {
  files: Record<string, unknown>;
  file(name: string): { async(type: 'string'): Promise<string> } | null;
  file(name: string, data: string): unknown;
}

export class MathmlKeeper {
  private kept: string[] = [];

  /** The chapter's HTML with each `<math>` replaced by a placeholder element. */
  protect(html: string): string {
    return html.replace(MATH, (math) => {
      const xml = math.replace(/^<math\b(?![^>]*\bxmlns=)/, `<math xmlns="${MATHML_NS}"`);
      this.kept.push(xml);
      return `<span id="bp-math-${this.kept.length - 1}"></span>`;
    });
  }

  /** Put the MathML back into the written chapters and mark them in the package document. */
  async restore(zip: Zip): Promise<void> {
    if (this.kept.length === 0) return;
    const withMath: string[] = [];
    for (const name of Object.keys(zip.files)) {
      if (!name.endsWith('.xhtml')) continue;
      const text = await zip.file(name)?.async('string');
      if (!text?.includes('bp-math-')) continue;
      zip.file(name, text.replace(/<span id="bp-math-(\d+)"(?:\s*\/>|><\/span>)/g, (all, n: string) => this.kept[Number(n)] ?? all));
      withMath.push(name.replace(/^OEBPS\//, ''));
    }
    const opfName = Object.keys(zip.files).find((n) => n.endsWith('.opf'));
    const opf = opfName ? await zip.file(opfName)?.async('string') : undefined;
    if (!opfName || !opf) return;
    zip.file(
      opfName,
      opf.replace(/<item ([^>]*?)href="([^"]+)"([^>]*?)\/>/g, (item, a: string, href: string, b: string) =>
        withMath.includes(href) && !/properties=/.test(item) ? `<item ${a}href="${href}"${b} properties="mathml"/>` : item,
      ),
    );
  }
}
