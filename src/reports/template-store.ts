import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

/** templates/ at the top of the repository (same relative path from src/ and from dist/). */
export const DEFAULT_TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');

export type TemplateName = 'document' | 'page-stamps' | 'project-scorecard' | 'region-scorecard' | 'year-summary';

/**
 * Escapes any text into a CSS string literal. Handlebars' HTML escaping is not safe inside
 * <style>, so every ASCII character that is not a letter, digit or space becomes a hex escape
 * ("</style>" cannot close the block, a quote cannot end the string).
 */
export function cssString(value: unknown): string {
  const text = String(value ?? '');
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += ' ';
    else if (code < 0x80 && !/[A-Za-z0-9 ]/.test(ch)) out += `\\${code.toString(16)} `;
    else out += ch;
  }
  return out + '"';
}

interface Loaded {
  stamp: string;
  templates: Map<string, HandlebarsTemplateDelegate>;
  stylesheet: string;
}

/**
 * Templates are data: read from disk and compiled on first use, and again whenever a file in
 * templates/ changes (by mtime and size), so editing a template needs no rebuild or restart.
 * Each load gets its own Handlebars environment: strict mode (a misspelt field is an error, not
 * a blank), prototype access left at Handlebars' safe default, no user data triple-stashed.
 */
export class TemplateStore {
  private loaded: Loaded | null = null;

  constructor(readonly dir: string = process.env.TEMPLATES_DIR ?? DEFAULT_TEMPLATES_DIR) {}

  render(name: TemplateName, model: object): string {
    const tpl = this.current().templates.get(name);
    if (!tpl) throw new Error(`template ${name}.hbs not found in ${this.dir}`);
    return tpl(model);
  }

  stylesheet(): string {
    return this.current().stylesheet;
  }

  private files(): string[] {
    const partials = path.join(this.dir, 'partials');
    const top = fs.readdirSync(this.dir).map((f) => path.join(this.dir, f));
    const nested = fs.existsSync(partials) ? fs.readdirSync(partials).map((f) => path.join(partials, f)) : [];
    return [...top, ...nested].filter((f) => /\.(hbs|css)$/.test(f)).sort();
  }

  private current(): Loaded {
    const files = this.files();
    const stamp = files
      .map((f) => {
        const s = fs.statSync(f);
        return `${f}:${s.mtimeMs}:${s.size}`;
      })
      .join('|');
    if (this.loaded?.stamp !== stamp) this.loaded = this.load(files, stamp);
    return this.loaded;
  }

  private load(files: string[], stamp: string): Loaded {
    const hbs = Handlebars.create();
    hbs.registerHelper('cssString', (v: unknown) => new hbs.SafeString(cssString(v)));
    const templates = new Map<string, HandlebarsTemplateDelegate>();
    let stylesheet = '';
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      const base = path.basename(file).replace(/\.(hbs|css)$/, '');
      if (file.endsWith('.css')) stylesheet += source + '\n';
      else if (path.basename(path.dirname(file)) === 'partials') hbs.registerPartial(base, hbs.compile(source, { strict: true }));
      else templates.set(base, hbs.compile(source, { strict: true }));
    }
    return { stamp, templates, stylesheet };
  }
}
