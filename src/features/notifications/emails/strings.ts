// The emails' words, in each language we send (fr-CA first, Québec usage). The templates run in
// the worker and in a render child process, outside next-intl, so they keep their own catalogue.
import type { TEmailType } from "../../../lib/notification-values";

export type TEmailLocale = "fr-CA" | "en";

export function emailLocaleOf(locale: string | null | undefined): TEmailLocale {
  return locale?.toLowerCase().startsWith("en") ? "en" : "fr-CA";
}

type TTypeStrings = {
  subject: (count: number, ticketSubject: string) => string;
  heading: (count: number) => string;
  intro: string;
};

type TStrings = {
  prefix: (number: number) => string;
  button: string;
  /** The resolved email's invitation to rate the help (issue 16). */
  ratePrompt: string;
  rateLink: string;
  youWrote: string;
  supportWrote: string;
  studentWrote: string;
  category: string;
  student: string;
  footer: string;
  preferences: string;
  unsubscribe: (typeLabel: string) => string;
  typeLabels: Record<TEmailType, string>;
  types: Record<TEmailType, TTypeStrings>;
};

export const EMAIL_STRINGS: Record<TEmailLocale, TStrings> = {
  "fr-CA": {
    prefix: (n) => `[Demande n° ${n}]`,
    button: "Voir la demande",
    ratePrompt: "Votre avis nous aide à nous améliorer.",
    rateLink: "Évaluer l’aide reçue (1 à 5)",
    youWrote: "Votre message",
    supportWrote: "Réponse de l’équipe de soutien",
    studentWrote: "Message de l’étudiant",
    category: "Catégorie",
    student: "Étudiant",
    footer: "Vous recevez ce courriel au sujet d’une demande de soutien.",
    preferences: "Gérer mes préférences de courriel",
    unsubscribe: (label) => `Ne plus recevoir : ${label}`,
    typeLabels: {
      request_received: "accusés de réception de mes demandes",
      support_reply: "réponses du soutien",
      request_resolved: "demandes résolues",
      request_closed: "demandes fermées",
      new_request: "nouvelles demandes",
      student_reply: "réponses des étudiants",
      ticket_assigned: "demandes qui me sont assignées",
      sla_warning: "échéances proches (SLA)",
      sla_breached: "échéances dépassées (SLA)",
      reply_closed: "réponses automatiques",
    },
    types: {
      request_received: {
        subject: () => "Nous avons bien reçu votre demande",
        heading: () => "Nous avons bien reçu votre demande",
        intro:
          "Merci! Votre demande a été transmise à l’équipe de soutien. Nous vous écrirons dès qu’il y aura du nouveau.",
      },
      support_reply: {
        subject: (count) => (count > 1 ? `${count} nouvelles réponses du soutien` : "Nouvelle réponse du soutien"),
        heading: (count) => (count > 1 ? `${count} nouvelles réponses` : "Nouvelle réponse"),
        intro: "L’équipe de soutien a répondu à votre demande.",
      },
      request_resolved: {
        subject: () => "Votre demande est résolue",
        heading: () => "Votre demande est résolue",
        intro:
          "Nous considérons votre demande comme résolue. Si le problème persiste, répondez dans la demande pour la rouvrir; sinon, vous pouvez la fermer.",
      },
      request_closed: {
        subject: () => "Votre demande est fermée",
        heading: () => "Votre demande est fermée",
        intro: "Votre demande est maintenant fermée. Pour toute autre question, créez une nouvelle demande.",
      },
      new_request: {
        subject: (_count, subject) => `Nouvelle demande : ${subject}`,
        heading: () => "Nouvelle demande",
        intro: "Un étudiant vient de créer une demande de soutien.",
      },
      student_reply: {
        subject: (count) =>
          count > 1 ? `${count} nouvelles réponses de l’étudiant` : "Nouvelle réponse de l’étudiant",
        heading: (count) => (count > 1 ? `${count} nouvelles réponses` : "Nouvelle réponse"),
        intro: "L’étudiant a répondu dans sa demande.",
      },
      ticket_assigned: {
        subject: (_count, subject) => `Demande assignée : ${subject}`,
        heading: () => "Une demande vous est assignée",
        intro: "Une demande de soutien vient de vous être assignée.",
      },
      sla_warning: {
        subject: (_count, subject) => `Échéance proche : ${subject}`,
        heading: () => "Une demande arrive à échéance",
        intro:
          "Une demande assignée à vous (ou non assignée) arrive bientôt à son échéance de service. Répondez-y avant qu’elle ne soit en retard.",
      },
      sla_breached: {
        subject: (_count, subject) => `En retard : ${subject}`,
        heading: () => "Une demande est en retard",
        intro: "Une demande assignée à vous (ou non assignée) a dépassé son échéance de service.",
      },
      reply_closed: {
        subject: () => "Cette demande est fermée : créez une nouvelle demande",
        heading: () => "Votre réponse n’a pas été ajoutée",
        intro:
          "Cette demande est fermée, votre courriel n’y a donc pas été ajouté. Pour toute autre question, créez une nouvelle demande depuis votre espace.",
      },
    },
  },
  en: {
    prefix: (n) => `[Request #${n}]`,
    button: "View the request",
    ratePrompt: "Your opinion helps us improve.",
    rateLink: "Rate the help you received (1 to 5)",
    youWrote: "Your message",
    supportWrote: "Reply from the support team",
    studentWrote: "Message from the student",
    category: "Category",
    student: "Student",
    footer: "You are receiving this email about a support request.",
    preferences: "Manage my email preferences",
    unsubscribe: (label) => `Stop receiving: ${label}`,
    typeLabels: {
      request_received: "acknowledgements of my requests",
      support_reply: "replies from support",
      request_resolved: "resolved requests",
      request_closed: "closed requests",
      new_request: "new requests",
      student_reply: "replies from students",
      ticket_assigned: "requests assigned to me",
      sla_warning: "due dates coming up (SLA)",
      sla_breached: "missed due dates (SLA)",
      reply_closed: "automatic answers",
    },
    types: {
      request_received: {
        subject: () => "We received your request",
        heading: () => "We received your request",
        intro: "Thank you! Your request was sent to the support team. We will write to you as soon as there is news.",
      },
      support_reply: {
        subject: (count) => (count > 1 ? `${count} new replies from support` : "New reply from support"),
        heading: (count) => (count > 1 ? `${count} new replies` : "New reply"),
        intro: "The support team replied to your request.",
      },
      request_resolved: {
        subject: () => "Your request was resolved",
        heading: () => "Your request was resolved",
        intro:
          "We consider your request resolved. If the problem is still there, reply in the request to reopen it; otherwise, you can close it.",
      },
      request_closed: {
        subject: () => "Your request was closed",
        heading: () => "Your request was closed",
        intro: "Your request is now closed. For anything else, create a new request.",
      },
      new_request: {
        subject: (_count, subject) => `New request: ${subject}`,
        heading: () => "New request",
        intro: "A student just created a support request.",
      },
      student_reply: {
        subject: (count) => (count > 1 ? `${count} new replies from the student` : "New reply from the student"),
        heading: (count) => (count > 1 ? `${count} new replies` : "New reply"),
        intro: "The student replied in their request.",
      },
      ticket_assigned: {
        subject: (_count, subject) => `Request assigned: ${subject}`,
        heading: () => "A request was assigned to you",
        intro: "A support request was just assigned to you.",
      },
      sla_warning: {
        subject: (_count, subject) => `Due soon: ${subject}`,
        heading: () => "A request is due soon",
        intro:
          "A request assigned to you (or unassigned) is about to miss its service due time. Answer it before it is late.",
      },
      sla_breached: {
        subject: (_count, subject) => `Late: ${subject}`,
        heading: () => "A request is late",
        intro: "A request assigned to you (or unassigned) missed its service due time.",
      },
      reply_closed: {
        subject: () => "This request is closed: please create a new request",
        heading: () => "Your reply was not added",
        intro:
          "This request is closed, so your email was not added to it. For anything else, please create a new request from your space.",
      },
    },
  },
};
