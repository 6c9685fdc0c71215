/** A canned reply as admins see it (never sent to a student). */
export type TCannedReply = {
  id: string;
  title: string;
  bodyFr: string;
  bodyEn: string;
  isShared: boolean;
  /** The admin who wrote it may always edit it; a shared one, any admin. */
  isMine: boolean;
  ownerName: string | null;
  usageCount: number;
};

/** A reply filled for one ticket, in its student's language. */
export type TRenderedCannedReply = { text: string; locale: "fr-CA" | "en" };
