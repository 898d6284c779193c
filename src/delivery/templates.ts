import type { Channel } from '../domain';
import type { Language } from './channel';

/**
 * Copy templates per channel and language, with typed slots. Offer numbers enter only through
 * `{terms}`, `{validTo}` and `{code}`, which are generated from the structured offer; the
 * variants of one channel and language are the arms a bandit chooses from.
 */
export const slotNames = ['name', 'model', 'dealer', 'offer', 'terms', 'validTo', 'code'] as const;
export type SlotName = (typeof slotNames)[number];
export type Slots = Record<SlotName, string>;

export interface Template {
  readonly id: string;
  readonly channel: Channel;
  readonly language: Language;
  readonly title: string;
  readonly body: string;
  readonly disclaimer: string;
}

type Family = 'short' | 'long' | 'card';
const familyOf: Record<Channel, Family> = { sms: 'short', push: 'short', hmi: 'card', email: 'long', web: 'long', social: 'long', dealer_crm: 'long' };

const copy: Record<Family, Record<Language, { title: string; body: string }[]>> = {
  short: {
    en: [
      { title: '{offer} for your {model}', body: '{name}, {terms} at {dealer}.' },
      { title: '{terms} at {dealer}', body: 'Hello {name}, {offer} for your {model}.' },
    ],
    de: [
      { title: '{offer} für Ihren {model}', body: '{name}, {terms} bei {dealer}.' },
      { title: '{terms} bei {dealer}', body: 'Hallo {name}, {offer} für Ihren {model}.' },
    ],
    fr: [
      { title: '{offer} pour votre {model}', body: '{name}, {terms} chez {dealer}.' },
      { title: '{terms} chez {dealer}', body: 'Bonjour {name}, {offer} pour votre {model}.' },
    ],
  },
  card: {
    en: [
      { title: '{offer}', body: '{terms} for your {model} at {dealer}.' },
      { title: '{terms}', body: '{offer} for your {model}. Ask {dealer}.' },
    ],
    de: [
      { title: '{offer}', body: '{terms} für Ihren {model} bei {dealer}.' },
      { title: '{terms}', body: '{offer} für Ihren {model}. Fragen Sie {dealer}.' },
    ],
    fr: [
      { title: '{offer}', body: '{terms} pour votre {model} chez {dealer}.' },
      { title: '{terms}', body: '{offer} pour votre {model}. Demandez à {dealer}.' },
    ],
  },
  long: {
    en: [
      { title: '{offer} for your {model}', body: 'Hello {name},\n{dealer} has an offer for your {model}: {terms}.' },
      { title: '{name}, {terms} at {dealer}', body: 'Hello {name},\n{offer} for your {model} at {dealer}: {terms}.' },
    ],
    de: [
      { title: '{offer} für Ihren {model}', body: 'Hallo {name},\n{dealer} hat ein Angebot für Ihren {model}: {terms}.' },
      { title: '{name}, {terms} bei {dealer}', body: 'Hallo {name},\n{offer} für Ihren {model} bei {dealer}: {terms}.' },
    ],
    fr: [
      { title: '{offer} pour votre {model}', body: 'Bonjour {name},\n{dealer} a une offre pour votre {model} : {terms}.' },
      { title: '{name}, {terms} chez {dealer}', body: 'Bonjour {name},\n{offer} pour votre {model} chez {dealer} : {terms}.' },
    ],
  },
};

const disclaimers: Record<Language, string> = {
  en: 'Offer: {terms}. Valid until {validTo}. Single-use code: {code}',
  de: 'Angebot: {terms}. Gültig bis {validTo}. Einmal-Code: {code}',
  fr: 'Offre : {terms}. Valable jusqu’au {validTo}. Code à usage unique : {code}',
};

/** Social ads are not personal: their disclaimer carries the terms but no personal code. */
const socialDisclaimers: Record<Language, string> = {
  en: 'Offer: {terms}. Valid until {validTo}.',
  de: 'Angebot: {terms}. Gültig bis {validTo}.',
  fr: 'Offre : {terms}. Valable jusqu’au {validTo}.',
};

/** The variants for one channel and language. */
export function templatesFor(channel: Channel, language: Language): Template[] {
  return copy[familyOf[channel]][language].map((t, i) => ({
    id: `${familyOf[channel]}-${language}-${String.fromCharCode(97 + i)}`, channel, language, title: t.title, body: t.body, disclaimer: channel === 'social' ? socialDisclaimers[language] : disclaimers[language],
  }));
}

/** Fills `{slot}`s; every slot must be known and given (a typo in a template fails loudly). */
export function fillTemplate(text: string, slots: Slots): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => {
    if (!(slotNames as readonly string[]).includes(name)) throw new Error(`unknown template slot {${name}}`);
    return slots[name as SlotName];
  });
}
