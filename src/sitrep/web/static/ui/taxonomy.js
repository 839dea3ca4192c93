// ACLED's event types and sub-event types, for the Edit form of the event card. The API has
// no endpoint for the taxonomy (facets list only the types present in the database), so the
// UI keeps this copy; the server checks every correction against its own.

export const TAXONOMY = Object.freeze({
  Battles: ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": [
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade",
  ],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  Protests: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  Riots: ["Violent demonstration", "Mob violence"],
  "Strategic developments": [
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
    "Looting/property destruction", "Non-violent transfer of territory", "Other",
  ],
});

export const CERTAINTIES = ["confirmed", "reported", "alleged", "claimed", "denied", "uncertain"];

export const REVIEW_STATES = ["unreviewed", "confirmed", "corrected", "rejected"];

/** The event type a sub-event type belongs to (null when unknown). */
export function typeOfSubType(subType) {
  for (const [type, subs] of Object.entries(TAXONOMY)) if (subs.includes(subType)) return type;
  return null;
}
