/**
 * Customer-facing text in the languages Lifeline speaks. Fallback: English.
 */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface CustomerText {
  subject: string;
  /** Put before the subject (email) or the text (SMS) of the single reminder. */
  reminder: string;
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
  /** The invitation's line naming the interaction, with its (already localized) date. */
  aboutInteraction: (date: string) => string;
  /** The unsubscribe confirmation page (GET) and the page after unsubscribing (POST). */
  unsubscribePage: Record<'question' | 'detail' | 'button' | 'done' | 'doneDetail', string>;
  /** Replies of the two-way SMS conversation. */
  sms: Record<'ask_comment' | 'thanks' | 'ask_score' | 'help' | 'stopped' | 'started' | 'no_survey', string>;
}

const TEXT: Record<Language, CustomerText> = {
  en: {
    subject: 'How did we do?',
    reminder: 'Reminder:',
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
    sms: {
      ask_comment: 'Thank you! Anything you would like to add? Reply with a comment, or ignore this message.',
      thanks: 'Thank you for your feedback!',
      ask_score: 'Please reply with a number from 0 (not likely) to 10 (very likely).',
      help: 'Customer feedback survey: reply with a number from 0 to 10. Reply STOP to opt out of surveys.',
      stopped: 'You will not receive any more surveys from us. Reply START to opt back in.',
      started: 'You will receive our surveys again. Reply STOP to opt out.',
      no_survey: 'We could not find an open survey for this number. Thank you anyway!',
    },
    unsubscribe: 'Unsubscribe from surveys',
    aboutInteraction: (date) => `We would like to hear about your conversation with us on ${date}.`,
    unsubscribePage: {
      question: 'Unsubscribe from our satisfaction surveys?',
      detail: 'You will no longer receive survey emails from us at this address.',
      button: 'Unsubscribe',
      done: 'You are unsubscribed.',
      doneDetail: 'We will not send surveys to this address again.',
    },
  },
  es: {
    subject: '¿Qué tal lo hicimos?',
    reminder: 'Recordatorio:',
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
      `${name ? `Hola ${name}, ¿` : '¿'}qué probabilidad hay de que nos recomiende (0-10)? Responda con una nota o en ${url} . Responda STOP para darse de baja.`,
    sms: {
      ask_comment: '¡Gracias! ¿Quiere añadir algo? Responda con un comentario o ignore este mensaje.',
      thanks: '¡Gracias por su opinión!',
      ask_score: 'Responda con un número del 0 (nada probable) al 10 (muy probable).',
      help: 'Encuesta a clientes: responda con una nota del 0 al 10. Responda STOP para no recibir encuestas.',
      stopped: 'No recibirá más encuestas. Responda START para volver a recibirlas.',
      started: 'Volverá a recibir nuestras encuestas. STOP para darse de baja.',
      no_survey: 'No encontramos ninguna encuesta abierta para este teléfono. ¡Gracias de todos modos!',
    },
    unsubscribe: 'Darse de baja de las encuestas',
    aboutInteraction: (date) =>
      `Nos gustaría conocer su opinión sobre su conversación con nosotros del ${date}.`,
    unsubscribePage: {
      question: '¿Darse de baja de nuestras encuestas de satisfacción?',
      detail: 'Dejará de recibir nuestras encuestas por correo electrónico en esta dirección.',
      button: 'Darme de baja',
      done: 'Se ha dado de baja.',
      doneDetail: 'No volveremos a enviar encuestas a esta dirección.',
    },
  },
  fr: {
    subject: 'Comment avons-nous fait ?',
    reminder: 'Rappel :',
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
    sms: {
      ask_comment:
        'Merci ! Souhaitez-vous ajouter quelque chose ? Répondez par un commentaire ou ignorez ce message.',
      thanks: 'Merci pour votre avis !',
      ask_score: 'Répondez par un chiffre de 0 (pas du tout probable) à 10 (très probable).',
      help: 'Sondage de satisfaction : répondez par un chiffre de 0 à 10. Répondez STOP pour ne plus recevoir de sondages.',
      stopped: 'Vous ne recevrez plus nos sondages. Répondez START pour vous réinscrire.',
      started: 'Vous recevrez de nouveau nos sondages. Répondez STOP pour vous désinscrire.',
      no_survey: 'Aucune enquête ouverte pour ce numéro. Merci quand même !',
    },
    unsubscribe: 'Se désabonner des sondages',
    aboutInteraction: (date) => `Nous aimerions connaître votre avis sur votre échange avec nous le ${date}.`,
    unsubscribePage: {
      question: 'Se désabonner de nos sondages de satisfaction ?',
      detail: 'Vous ne recevrez plus nos sondages par e-mail à cette adresse.',
      button: 'Me désabonner',
      done: 'Vous êtes désabonné.',
      doneDetail: "Nous n'enverrons plus de sondages à cette adresse.",
    },
  },
  de: {
    subject: 'Wie waren wir?',
    reminder: 'Erinnerung:',
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
    sms: {
      ask_comment:
        'Danke! Möchten Sie noch etwas ergänzen? Antworten Sie mit einem Kommentar oder ignorieren Sie diese Nachricht.',
      thanks: 'Vielen Dank für Ihr Feedback!',
      ask_score: 'Bitte antworten Sie mit einer Zahl von 0 (unwahrscheinlich) bis 10 (sehr wahrscheinlich).',
      help: 'Kundenumfrage: Antworten Sie mit einer Zahl von 0 bis 10. Antworten Sie STOP, um keine Umfragen mehr zu erhalten.',
      stopped: 'Sie erhalten keine Umfragen mehr von uns. Antworten Sie START, um sie wieder zu erhalten.',
      started: 'Sie erhalten unsere Umfragen wieder. Antworten Sie STOP zum Abmelden.',
      no_survey: 'Für diese Nummer gibt es keine offene Umfrage. Trotzdem vielen Dank!',
    },
    unsubscribe: 'Von Umfragen abmelden',
    aboutInteraction: (date) => `Wir möchten gern wissen, wie Ihr Gespräch mit uns am ${date} war.`,
    unsubscribePage: {
      question: 'Von unseren Zufriedenheitsumfragen abmelden?',
      detail: 'Sie erhalten an diese Adresse keine Umfrage-E-Mails mehr von uns.',
      button: 'Abmelden',
      done: 'Sie sind abgemeldet.',
      doneDetail: 'Wir senden keine Umfragen mehr an diese Adresse.',
    },
  },
  pt: {
    subject: 'Como nos saímos?',
    reminder: 'Lembrete:',
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
      `${name ? `${name}, q` : 'Q'}ual a probabilidade de nos recomendar (0-10)? Responda com uma nota ou em ${url} . Responda STOP para sair.`,
    sms: {
      ask_comment: 'Obrigado! Quer acrescentar algo? Responda ou ignore esta mensagem.',
      thanks: 'Obrigado pela sua opinião!',
      ask_score: 'Responda com um número de 0 (nada provável) a 10 (muito provável).',
      help: 'Pesquisa a clientes: responda com uma nota de 0 a 10. Responda STOP para deixar de receber pesquisas.',
      stopped: 'Não receberá mais pesquisas. Responda START para voltar a recebê-las.',
      started: 'Voltará a receber as nossas pesquisas. Responda STOP para sair.',
      no_survey: 'Nenhuma pesquisa aberta para este número. Obrigado na mesma!',
    },
    unsubscribe: 'Cancelar subscrição de pesquisas',
    aboutInteraction: (date) =>
      `Gostaríamos de saber a sua opinião sobre a sua conversa connosco em ${date}.`,
    unsubscribePage: {
      question: 'Deixar de receber as nossas pesquisas de satisfação?',
      detail: 'Deixará de receber os nossos e-mails de pesquisa neste endereço.',
      button: 'Cancelar subscrição',
      done: 'A sua subscrição foi cancelada.',
      doneDetail: 'Não voltaremos a enviar pesquisas para este endereço.',
    },
  },
};

/** The supported language of a BCP 47 locale (`pt-BR` → `pt`), English otherwise. */
export function languageOf(locale: string | undefined): Language {
  const primary = locale?.split(/[-_]/)[0]?.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : 'en';
}

export const textFor = (locale: string | undefined): CustomerText => TEXT[languageOf(locale)];
