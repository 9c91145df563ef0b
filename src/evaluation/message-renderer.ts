import { RuleSetIndex } from '../rule-sets/rule-set-index';
import { SubjectKind } from '../rule-sets/rule-set.types';
import { Facts } from './fact-catalogue';
import { formatValue } from './fact-format';
import { handlebarsReferences, nestFacts, renderMessage } from './handlebars-messages';
import { placeholders, renderText } from './message-text';

/** Renders a rule set's messages and requirements with a subject's facts. */
export interface MessageRenderer {
  /** Format 1's templates word a missing fact themselves ({{#if …}}); format 2 has missing messages. */
  readonly wordsMissingFacts: boolean;
  render(template: string, kind: SubjectKind, facts: Facts): string;
  /** The fact and parameter names a template reads. */
  references(template: string): string[];
}

class PlaceholderRenderer implements MessageRenderer {
  readonly wordsMissingFacts = false;

  constructor(private readonly index: RuleSetIndex) {}

  render(template: string, kind: SubjectKind, facts: Facts): string {
    return renderText(template, (name) => {
      const info = this.index.facts.get(kind, name);
      const value = name.startsWith('param.') ? this.index.params[name.slice(6)] : facts[name];
      return formatValue(info?.type, value, info?.table ? (key) => this.index.rowLabel(info.table!, key) : undefined);
    });
  }

  references(template: string): string[] {
    return placeholders(template);
  }
}

class HandlebarsRenderer implements MessageRenderer {
  readonly wordsMissingFacts = true;
  private readonly paramContext: Record<string, unknown>;

  constructor(index: RuleSetIndex) {
    this.paramContext = nestFacts(Object.fromEntries(Object.entries(index.params).map(([k, v]) => [`param.${k}`, v])));
  }

  render(template: string, _kind: SubjectKind, facts: Facts): string {
    return renderMessage(template, nestFacts(facts, this.paramContext));
  }

  references(template: string): string[] {
    return handlebarsReferences(template);
  }
}

export function messageRendererFor(index: RuleSetIndex): MessageRenderer {
  return index.doc.messageSyntax === 'handlebars' ? new HandlebarsRenderer(index) : new PlaceholderRenderer(index);
}
