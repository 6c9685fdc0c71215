/** The support contact admins set: shown on the tutor page and in the footer (null: not set). */
export type TSupportContact = { email: string | null; phone: string | null; hours: string | null };

/** What anyone signed in may know of the settings. */
export type TPublicSettings = { supportContact: TSupportContact; autoCloseDays: number };
