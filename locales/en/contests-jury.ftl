# Contests: the jury's work (blind review by a rubric, comments, conflicts) and the chair's results screen.

command-jury = Contest juries
# The letter of anonymous entry codes ("C-017"); the same as contests-code-letter.
contests-jury-code-letter = C

# /jury
contests-jury-none = You are not on the jury of any contest. When the organisers appoint you, the contest appears here.
contests-jury-list-title = ⚖️ <b>Contests where you are on the jury</b>
contests-jury-list-line = { $n }. <b>{ $title }</b>{ $chair ->
    [yes] {" "}(you chair the jury)
   *[no] {""}
}
    { $phase }
    Your entries: { $assigned }, reviewed: { $submitted }, left: { $left }
contests-jury-phase-before = Submissions are open until { $time }; judging starts after that.
contests-jury-phase-judging = Reviews are accepted until { $time }.
contests-jury-phase-confirming = Judging is over; the chair is confirming the results.
contests-jury-phase-confirmed = Judging is over; the results are confirmed and wait for publication.
contests-jury-phase-published = The results are published.
contests-jury-results-button = 📊 Results (chair): contest { $n }
contests-jury-results-open-button = 📊 Results (chair)
contests-jury-back-contests-button = ⬅️ My contests

# The queue
contests-jury-queue-title = ⚖️ <b>{ $title }</b>: your entries
contests-jury-queue-empty = No entries have been assigned to you yet.
contests-jury-queue-counts = Reviewed { $submitted } of { $total }.
contests-jury-queue-conflicts = Conflict of interest declared: { $codes }.
contests-jury-queue-hint = Entries are shown by their anonymous codes only. 🆕 not started, ✏️ started, ✅ sent.
contests-jury-back-queue-button = 📋 Back to the entries

# The entry (blind)
contests-jury-entry-head = 📄 <b>Entry { $code }</b>
    Contest: { $contest }
    Nomination: { $nomination }
contests-jury-entry-title = <b>{ $title }</b>
contests-jury-entry-description = { $description }
contests-jury-entry-link = 🔗 <a href="{ $url }">{ $shown }</a>
contests-jury-entry-link-plain = 🔗 { $url }
contests-jury-entry-text = 📝 The text of the entry:
    { $text }
contests-jury-entry-text-long = (The text is long: it was sent in full as a separate message.)
contests-jury-entry-full-text = 📝 <b>The text of entry { $code }</b>

    { $text }
contests-jury-entry-files = 📎 Files: { $count } (sent above, without captions).
contests-jury-state-new = Your review: not started.
contests-jury-state-draft = Your review: { $scored } of { $count } criteria scored, not sent.
contests-jury-state-submitted = Your review is sent: { $total } of { $max }.
contests-jury-deadline = You can send and change the review until { $time }.
contests-jury-closed-note = The review window is closed: the review can no longer change.
contests-jury-score-button = ✍️ Review
contests-jury-continue-button = ✍️ Continue the review
contests-jury-edit-button = ✏️ Change the review
contests-jury-summary-button = 🧾 My review
contests-jury-files-button = 📎 Files again ({ $count })
contests-jury-conflict-button = ⚠️ Conflict of interest
contests-jury-to-entry-button = 📄 Back to the entry

# Scoring, one criterion per screen
contests-jury-criterion-head = Entry { $code } · Criterion { $n } of { $count }
contests-jury-criterion-title = <b>{ $title }</b>
contests-jury-criterion-scale = Give 0 to { $max } points.{ $weighted ->
    [yes] {" "}Weight: ×{ $weight }.
   *[no] {""}
}
contests-jury-criterion-passfail = Pass or fail. A fail by the majority of the jury disqualifies the entry.
contests-jury-criterion-current = Now: { $points }.
contests-jury-criterion-current-passfail = Now: { $passed ->
    [yes] passed
   *[no] failed
}.
contests-jury-pass-button = ✅ Pass
contests-jury-fail-button = ❌ Fail
contests-jury-back-button = ⬅️ Back
contests-jury-to-summary-button = ⏭ To the summary
contests-jury-next-button = Next ➡️

# The comment
contests-jury-comment-head = 💬 <b>Comment on entry { $code }</b>: send it in one message (up to { $max } characters). The participant sees it without your name.
contests-jury-comment-required-note = ⚠️ The total is very low or very high (below 30 % or above 90 % of the maximum): a comment is required.
contests-jury-comment-optional-note = The comment is optional, but it helps the participant a lot.
contests-jury-comment-current = Now: { $comment }
contests-jury-comment-write-button = ✍️ Write a comment
contests-jury-comment-change-button = ✍️ Change the comment
contests-jury-ask-comment = Write your comment on the entry in one message (up to { $max } characters).
contests-jury-answered-comment = 💬 { $value }
contests-jury-comment-unchanged = The comment was not changed.

# The summary
contests-jury-summary-head = 🧾 <b>Your review of entry { $code }</b>
contests-jury-summary-row = { $n }. { $title } — { $points } of { $max }{ $weighted ->
    [yes] {" "}(×{ $weight })
   *[no] {""}
}
contests-jury-summary-passfail = { $n }. { $title } — { $state ->
    [pass] ✅ passed
    [fail] ❌ failed
   *[none] —
}
contests-jury-summary-total = <b>Total: { $total } of { $max }</b>
contests-jury-summary-comment = 💬 { $comment }
contests-jury-summary-no-comment = 💬 No comment.
contests-jury-summary-submitted = ✅ The review is sent. You can change it until the review window closes; a changed review must be sent again.
contests-jury-summary-missing = Criteria not scored: { $missing }.
contests-jury-summary-comment-required = ⚠️ Add a comment: it is required for such a total.
contests-jury-summary-ready = All set: check and send the review.
contests-jury-submit-button = 📨 Send the review
contests-jury-change-button = ✏️ Change
contests-jury-comment-button = 💬 Comment
contests-jury-submitted = The review is sent. Thank you!
contests-jury-submitted-already = This review is already sent.

# Conflict of interest
contests-jury-conflict-ask = ⚠️ <b>A conflict of interest on entry { $code }?</b>

    Declare it if you may know the author or have a stake in the result. The entry goes to another juror and never comes back to you. This cannot be undone.
contests-jury-conflict-yes-button = ⚠️ Yes, I declare a conflict of interest
contests-jury-cancel-button = Cancel
contests-jury-conflict-done = Conflict of interest recorded: the entry goes to another juror.

# Errors
contests-jury-not-juror = You are not on the jury of this contest.
contests-jury-review-not-yours = This entry is not assigned to you.
contests-jury-chair-only = Only the chair of the jury can do this.
contests-jury-closed = The review window is closed: reviews no longer change.
contests-jury-conflict-declared = You declared a conflict of interest on this entry.
contests-jury-conflict-submitted = A conflict of interest can only be declared before the review is sent.
contests-jury-criterion-unknown = This contest has no such criterion.
contests-jury-points-invalid = Points must be a whole number from 0 to { $max }.
contests-jury-comment-long = The comment is longer than { $max } characters: please shorten it.
contests-jury-criteria-missing = Score every criterion first (not scored: { $missing }).
contests-jury-comment-required = Such a total needs a comment: add it before sending.
contests-jury-not-confirming = Results can be confirmed only after judging ends and before they are published.
contests-jury-ties-unresolved = There are unresolved ties ({ $ties }): set the order of the entries first.
contests-jury-already-confirmed = The results are already confirmed.
contests-jury-tie-gone = This tie no longer exists: open the results again.

# The chair
contests-jury-draft-title = 📊 <b>Results: { $title }</b> (the chair's draft)
contests-jury-draft-nomination = <b>Nomination "{ $title }"</b>
contests-jury-draft-empty = No reviewed entries.
contests-jury-draft-line = { $place }. { $code } — { $score } (reviews: { $reviews }){ $award ->
    [WINNER] {" "}🥇 winner
    [PRIZE_WINNER] {" "}🥈 prize-winner
    [PARTICIPANT] {" "}participant
   *[none] {""}
}
contests-jury-draft-outlier = ⚠️ { $code }: a review of { $total } far from the median { $median }
contests-jury-draft-disqualified = 🚫 Disqualified (authorship): { $codes }
contests-jury-draft-removed = 🚫 Removed by the organisers: { $codes }
contests-jury-draft-no-reviews = ❔ Without reviews: { $codes }
contests-jury-draft-tie = ⚖️ Tie ({ $score }): { $codes }
contests-jury-draft-cut = … and { $lines } more lines
contests-jury-draft-ties-block = ⚖️ Unresolved ties: { $ties }. Set the order of the entries; then the results can be confirmed.
contests-jury-draft-ready = The results are ready to confirm; they will be published on { $time }.
contests-jury-draft-confirmed = ✅ Results confirmed on { $time }.
contests-jury-tie-button = ⚖️ Order: { $codes }
contests-jury-confirm-button = ✅ Confirm the results
contests-jury-refresh-button = 🔄 Refresh
contests-jury-back-results-button = ⬅️ Back to the results
contests-jury-tie-head = ⚖️ <b>A tie in the nomination "{ $nomination }"</b>: { $codes } ({ $score }).
contests-jury-tie-order = Order:
    { $order }
contests-jury-tie-pick-hint = Tap the entry that takes place { $n } among them.
contests-jury-tie-save-hint = Save the order or start again.
contests-jury-tie-save-button = 💾 Save the order
contests-jury-tie-reset-button = ↩️ Start again
contests-jury-tie-saved = Order saved.
contests-jury-confirm-ask = Confirm the results of <b>{ $title }</b>?

    Once confirmed they cannot change. They will be published on { $time }.
contests-jury-confirm-yes-button = ✅ Yes, confirm the results
contests-jury-confirmed = Results confirmed.
