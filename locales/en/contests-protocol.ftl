# The results protocol of a contest (PDF, src/features/contests/contests.protocol-pdf.ts).
# Plain text, no tags: the values are printed as typed. Rendered in the community's language.

contests-protocol-title = Results protocol of the contest «{ $contest }»
contests-protocol-community = Teachers' network community «{ $community }»
contests-protocol-number = No. { $number } of { $date }
contests-protocol-code = Verification code: { $code }
contests-protocol-verify = Verify: { $url }
contests-protocol-zone = Times are in the { $zone } time zone ({ $offset }).

contests-protocol-section-dates = Dates
contests-protocol-submission = Submissions: { $from } — { $to }
contests-protocol-judging = Judging: { $from } — { $to }
contests-protocol-confirmed-on = Results confirmed: { $date }

contests-protocol-section-jury = The jury
contests-protocol-juror = { $n }. { $name }
contests-protocol-juror-chair = { $n }. { $name } — jury chair
contests-protocol-juror-erased = a jury member who erased their data
contests-protocol-jury-empty = No jury was appointed.

contests-protocol-section-entries = Entries
contests-protocol-received = Entries received: { $count }
contests-protocol-withdrawn = Withdrawn by their authors before the deadline: { $count }
contests-protocol-admitted = Admitted to judging: { $count }
contests-protocol-disqualified = Disqualified (authorship not confirmed): { $count }
contests-protocol-removed = Removed from the contest by the organisers: { $count }
contests-protocol-removal = { $code } — { $reason }
contests-protocol-outliers = Reviews more than 30 % away from the entry's median, passed to the chair: { $count }

contests-protocol-section-rubric = Rubric
contests-protocol-rubric-code = No.
contests-protocol-rubric-criterion = Criterion
contests-protocol-rubric-max = Max. points
contests-protocol-rubric-weight = Weight
contests-protocol-rubric-pass-fail = pass / fail
contests-protocol-rubric-pass-fail-note = a fail disqualifies the entry
contests-protocol-rubric-tie-break = breaks ties
contests-protocol-criterion-short = C{ $n }

contests-protocol-section-results = Results by category
contests-protocol-results-legend = C1, C2, … — the entry's mean points for the criterion; “Score” — the entry's score (the weighted mean of the jurors' reviews; with five or more, without the highest and the lowest).
contests-protocol-nomination = Category «{ $nomination }»
contests-protocol-nomination-continued = Category «{ $nomination }» (continued)
contests-protocol-nomination-empty = No entries in this category.
contests-protocol-col-code = Code
contests-protocol-col-entry = Author, entry
contests-protocol-col-score = Score
contests-protocol-col-place = Place
contests-protocol-col-decision = Decision
contests-protocol-author-erased = a member who erased their data
contests-protocol-decision = { $decision ->
        [WINNER] winner
        [PRIZE_WINNER] prize-winner
        [PARTICIPANT] participant
        [DISQUALIFIED] disqualified
        [REMOVED] removed by the organisers
       *[NO_REVIEWS] no reviews
    }
contests-protocol-no-value = —

contests-protocol-section-audience = Audience Choice Award
contests-protocol-audience-intro = A vote of the community's members; it does not change the places the jury awarded.
contests-protocol-audience-votes = Votes in the category: { $count }
contests-protocol-audience-winner = { $code } · { $author } · «{ $title }» — { $votes } { $votes ->
        [one] vote
       *[other] votes
    }
contests-protocol-audience-none = No votes were cast; the award was not given.
contests-protocol-audience-flagged = Suspicious bursts of votes passed to the organisers: { $count }

contests-protocol-section-confirmation = Confirmation
contests-protocol-confirmation = The results were confirmed by the jury chair on { $date }. Jury chair: { $name }.
contests-protocol-confirmation-erased = The results were confirmed by the jury chair on { $date }.
contests-protocol-footer = Protocol No. { $number } · verification code { $code }
contests-protocol-page = page { $page } of { $pages }
