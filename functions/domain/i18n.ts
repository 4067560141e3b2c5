/**
 * Customer-facing text in the languages Lifeline speaks. Fallback: English.
 */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface CustomerText {
  subject: string;
  greeting: (name?: string) => string;
  question: string;
  notLikely: string;
  veryLikely: string;
  commentLabel: string;
  submit: string;
  thanks: string;
  thanksDetail: string;
  expired: string;
  invalid: string;
  smsInvite: (name: string | undefined, url: string) => string;
  unsubscribe: string;
}

const TEXT: Record<Language, CustomerText> = {
  en: {
    subject: 'How did we do?',
    greeting: (name) => (name ? `Hi ${name},` : 'Hello,'),
    question: 'How likely are you to recommend us to a friend or colleague?',
    notLikely: 'Not at all likely',
    veryLikely: 'Extremely likely',
    commentLabel: 'What is the main reason for your score? (optional)',
    submit: 'Send',
    thanks: 'Thank you!',
    thanksDetail: 'Your answer has been recorded. You can change it from the same link.',
    expired: 'This survey link has expired.',
    invalid: 'This survey link is not valid.',
    smsInvite: (name, url) =>
      `${name ? `Hi ${name}, h` : 'H'}ow likely are you to recommend us (0-10)? Reply with a number or answer at ${url} . Reply STOP to opt out.`,
    unsubscribe: 'Unsubscribe from surveys',
  },
  es: {
    subject: '¿Qué tal lo hicimos?',
    greeting: (name) => (name ? `Hola ${name}:` : 'Hola:'),
    question: '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?',
    notLikely: 'Nada probable',
    veryLikely: 'Muy probable',
    commentLabel: '¿Cuál es el motivo principal de su puntuación? (opcional)',
    submit: 'Enviar',
    thanks: '¡Gracias!',
    thanksDetail: 'Hemos registrado su respuesta. Puede cambiarla desde el mismo enlace.',
    expired: 'Este enlace de encuesta ha caducado.',
    invalid: 'Este enlace de encuesta no es válido.',
    smsInvite: (name, url) =>
      `${name ? `Hola ${name}, ¿` : '¿'}qué probabilidad hay de que nos recomiende (0-10)? Responda con un número o en ${url} . Responda STOP para no recibir más.`,
    unsubscribe: 'Darse de baja de las encuestas',
  },
  fr: {
    subject: 'Comment avons-nous fait ?',
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    question: 'Quelle est la probabilité que vous nous recommandiez à un ami ou un collègue ?',
    notLikely: 'Pas du tout probable',
    veryLikely: 'Très probable',
    commentLabel: 'Quelle est la raison principale de votre note ? (facultatif)',
    submit: 'Envoyer',
    thanks: 'Merci !',
    thanksDetail: 'Votre réponse a été enregistrée. Vous pouvez la modifier depuis le même lien.',
    expired: 'Ce lien de sondage a expiré.',
    invalid: "Ce lien de sondage n'est pas valide.",
    smsInvite: (name, url) =>
      `${name ? `Bonjour ${name}, q` : 'Q'}uelle est la probabilité que vous nous recommandiez (0-10) ? Répondez par un chiffre ou sur ${url} . STOP pour ne plus recevoir.`,
    unsubscribe: 'Se désabonner des sondages',
  },
  de: {
    subject: 'Wie waren wir?',
    greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
    question: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?',
    notLikely: 'Überhaupt nicht wahrscheinlich',
    veryLikely: 'Äußerst wahrscheinlich',
    commentLabel: 'Was ist der wichtigste Grund für Ihre Bewertung? (optional)',
    submit: 'Senden',
    thanks: 'Vielen Dank!',
    thanksDetail: 'Ihre Antwort wurde gespeichert. Sie können sie über denselben Link ändern.',
    expired: 'Dieser Umfragelink ist abgelaufen.',
    invalid: 'Dieser Umfragelink ist ungültig.',
    smsInvite: (name, url) =>
      `${name ? `Hallo ${name}, w` : 'W'}ie wahrscheinlich empfehlen Sie uns weiter (0-10)? Antworten Sie mit einer Zahl oder unter ${url} . STOP zum Abmelden.`,
    unsubscribe: 'Von Umfragen abmelden',
  },
  pt: {
    subject: 'Como nos saímos?',
    greeting: (name) => (name ? `Olá ${name},` : 'Olá,'),
    question: 'Qual a probabilidade de nos recomendar a um amigo ou colega?',
    notLikely: 'Nada provável',
    veryLikely: 'Muito provável',
    commentLabel: 'Qual o principal motivo da sua nota? (opcional)',
    submit: 'Enviar',
    thanks: 'Obrigado!',
    thanksDetail: 'A sua resposta foi registada. Pode alterá-la a partir do mesmo link.',
    expired: 'Este link de pesquisa expirou.',
    invalid: 'Este link de pesquisa não é válido.',
    smsInvite: (name, url) =>
      `${name ? `Olá ${name}, q` : 'Q'}ual a probabilidade de nos recomendar (0-10)? Responda com um número ou em ${url} . Responda STOP para sair.`,
    unsubscribe: 'Cancelar subscrição de pesquisas',
  },
};

/** The supported language of a BCP 47 locale (`pt-BR` → `pt`), English otherwise. */
export function languageOf(locale: string | undefined): Language {
  const primary = locale?.split(/[-_]/)[0]?.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : 'en';
}

export const textFor = (locale: string | undefined): CustomerText => TEXT[languageOf(locale)];
