/** Why the form is shown again. */
export type LoginFormError = 'invalid' | 'throttled' | 'expired_form';

export interface LoginTexts {
  title: string;
  intro: (issuerName: string) => string;
  username: string;
  password: string;
  submit: string;
  cancel: string;
  errors: Record<LoginFormError, string>;
}

/**
 * The login page in each language it speaks (`ui_locales`, API.md §11). `invalid` is the one message for an unknown
 * user, a wrong password and a locked user alike, so the page never tells which usernames exist.
 */
export const LOGIN_TEXTS: Record<'en' | 'de', LoginTexts> = {
  en: {
    title: 'Log in',
    intro: (issuer) => `Log in to receive your credential from ${issuer}.`,
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    cancel: 'Cancel',
    errors: {
      invalid: 'The username or password is not correct, or the account is locked for a while after too many failed attempts.',
      throttled: 'Too many login attempts from your network. Wait a few minutes, then try again.',
      expired_form: 'This form has expired. Please try again.',
    },
  },
  de: {
    title: 'Anmelden',
    intro: (issuer) => `Melden Sie sich an, um Ihren Nachweis von ${issuer} zu erhalten.`,
    username: 'Benutzername',
    password: 'Passwort',
    submit: 'Anmelden',
    cancel: 'Abbrechen',
    errors: {
      invalid: 'Benutzername oder Passwort ist nicht korrekt, oder das Konto ist nach zu vielen Fehlversuchen vorübergehend gesperrt.',
      throttled: 'Zu viele Anmeldeversuche aus Ihrem Netzwerk. Warten Sie einige Minuten und versuchen Sie es dann erneut.',
      expired_form: 'Dieses Formular ist abgelaufen. Bitte versuchen Sie es erneut.',
    },
  },
};

/** The first of the wallet's `ui_locales` this page speaks (by primary language subtag), else English. */
export function pageLanguage(uiLocales: readonly string[] | undefined): keyof typeof LOGIN_TEXTS {
  for (const tag of uiLocales ?? []) {
    const language = tag.split('-')[0].toLowerCase();
    if (language === 'en' || language === 'de') return language;
  }
  return 'en';
}
