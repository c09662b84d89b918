import { createCallbackCodec } from "../../bot/callback-data.js";

/**
 * The audience vote (contests.votes.feature.ts): `o:<contestId>` opens the
 * vote screen of a contest (the contest card links to it), `n:<contestId>:<nominationId>`
 * lists a nomination's entries, `v:<entryId>` votes.
 */
export const voteCb = createCallbackCodec("ctv", 1);
