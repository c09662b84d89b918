# The audience vote of a contest (contests.votes.feature.ts).
contests-vote-open = 🗳 <b>Audience vote</b> · “{ $title }”
    The vote is open until { $until }. One vote per nomination; you cannot vote for your own entry. Counts stay hidden until the vote ends; it is a separate prize and does not change the jury's places.
contests-vote-closed = 🗳 <b>Audience vote</b> · “{ $title }”
    The vote is over.
contests-vote-choose-nomination = Choose a nomination:
contests-vote-pick = Nomination “{ $nomination }”: open an entry and vote for the one you like best.
contests-vote-voted = Nomination “{ $nomination }”: your vote is counted (✅). It cannot be changed.
contests-vote-no-entries = There are no admitted entries in this nomination.
contests-vote-results = Results in the nomination “{ $nomination }”:
contests-vote-count-line = { $prize ->
        [yes] 🏆
       *[no] •
    } { $code } · { $title } — { $votes }
contests-vote-entry = <b>{ $code }</b> · { $title }
    Nomination: { $nomination }
contests-vote-entry-link = Link: { $url }
contests-vote-entry-files = 📎 Files: { $count }
contests-vote-your-choice = ✅ You voted for this entry.
contests-vote-already-other = You have already voted for another entry in this nomination.
contests-vote-show-files = 📎 Show files
contests-vote-button = 🗳 Vote for this entry
contests-vote-back = ⬅️ Back
contests-vote-outcome-accepted = Your vote is counted. Thank you!
contests-vote-outcome-repeat = You have already voted in this nomination: one vote counts.
contests-vote-outcome-own = You cannot vote for your own entry.
contests-vote-outcome-ineligible = Only members who registered before the vote opened can vote.
contests-vote-outcome-closed = The vote is already closed.
contests-vote-outcome-gone = This entry is not in the vote.
contests-vote-none = This contest has no audience vote.
contests-vote-not-yet = The vote opens when submissions close.
contests-vote-entry-gone = This entry is not in the vote.
contests-vote-to-contest = ⬅️ To the contest
