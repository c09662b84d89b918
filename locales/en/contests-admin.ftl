## Contests: organisers (/newcontest, /contestadmin)

command-newcontest = Create a contest
command-contestadmin = Manage contests

# The default rubric for a lesson plan
contests-rubric-default-standards = Fit with the standards (FGOS) and the nomination
contests-rubric-default-novelty = Relevance and novelty
contests-rubric-default-method = Methodological quality
contests-rubric-default-practice = Practical use
contests-rubric-default-digital = Use of digital tools
contests-rubric-default-presentation = Presentation and literacy
contests-rubric-default-authorship = Authorship (pass/fail)

# Refusals
contests-admin-forbidden = Contests are created and managed by admins (and by moderators, if enabled in /settings).
contests-admin-not-found = Contest not found.
contests-admin-cancelled = This contest has been cancelled.
contests-admin-finished = This contest's results are published: it cannot change any more.
contests-admin-jury-closed = Judging is over: the jury no longer changes.
contests-admin-title-bad = The title must be { $min } to { $max } characters.
contests-admin-title-short = The title is too short: at least { $min } characters.
contests-admin-title-long = The title is too long: at most { $max } characters.
contests-admin-description-long = The description is too long: at most { $max } characters.
contests-admin-rules-long = The rules are too long: at most { $max } characters. Attach the full text as a document.
contests-admin-rules-file-bad = Could not take the rules document. Please send it as a file again.
contests-admin-timezone-unknown = Your time zone is unknown. Set it in /profile.
contests-admin-time-unparsed = Could not read the date and time. Examples: 25.12 18:00, 25.12.2026 18:00, tomorrow 18:00. Time zone: { $zone }.
contests-admin-time-invalid = There is no such date. Check the day, month and time.
contests-admin-date-invalid = The date was not recognised.
contests-admin-date-past = This date has passed. Please give a date in the future.
contests-admin-date-too-far = Too far ahead: at most two years.
contests-admin-date-passed = This phase has already started: its date cannot change.
contests-admin-dates-order-close = Submissions must close after they open.
contests-admin-dates-order-judging = Judging must close after submissions close.
contests-admin-dates-order-results = Results cannot come before judging closes.
contests-admin-formats-bad = Choose at least one kind of entry: file, link or text.
contests-admin-max-files-bad = Files per entry: 1 to { $max }.
contests-admin-families-bad = This file type is not supported.
contests-admin-max-size-bad = File size: 1 to { $max } MB.
contests-admin-reviews-bad = Reviews per entry: 1 to { $max }.
contests-admin-cap-bad = The cap of entries per juror is a whole number from 1.
contests-admin-prizes-bad = Prize places: 0 to { $max }.
contests-admin-nominations-count = At least one nomination is needed, and at most { $max }.
contests-admin-nomination-title-bad = A nomination's title is 1 to { $max } characters.
contests-admin-subject-unknown = No such subject in the catalogue.
contests-admin-grade-unknown = No such grade in the catalogue.
contests-admin-criteria-count = The rubric needs 1 to { $max } criteria.
contests-admin-criterion-title-bad = A criterion's title is 1 to { $max } characters.
contests-admin-criterion-points-bad = A criterion's maximum is 1 to { $max } points (0 for a pass/fail criterion).
contests-admin-criterion-tiebreak-passfail = A pass/fail criterion cannot break ties.
contests-admin-criterion-weight-bad = A criterion's weight is a number from { $min } to { $max }, such as 1 or 1.5.
contests-admin-criteria-no-scored = At least one criterion with points is needed.
contests-admin-criteria-tiebreak-many = Only one criterion may break ties.
contests-admin-search-bad = Type a name, @username or member number (up to 100 characters).
contests-admin-juror-not-member = Only registered members of the community can be appointed.
contests-admin-juror-already = This member is already on the jury.
contests-admin-juror-has-reviews = This juror has submitted reviews ({ $count }): they cannot be removed.
contests-admin-juror-not-juror = This member is not on the jury.
contests-admin-remind-not-judging = Reminders can be sent only while the jury is judging.
contests-admin-remind-nothing = This juror has no entries left to review.
contests-admin-remind-too-soon = A reminder was sent less than an hour ago.

# The creation wizard
contests-admin-step = Step { $n } of { $total }
contests-admin-ask-title = What is the contest called? { $min } to { $max } characters.
contests-admin-answered-title = Title: <b>{ $value }</b>
contests-admin-ask-description = Describe the contest briefly (up to { $max } characters) or skip.
contests-admin-answered-description = Description: { $value }
contests-admin-answered-description-none = Description: none
contests-admin-ask-rules = The rules (up to { $max } characters) or skip.
contests-admin-answered-rules = Rules: { $value }
contests-admin-answered-rules-none = Rules: no text
contests-admin-ask-rules-file = Send the rules document (as a file) or skip.
contests-admin-answered-rules-file = Rules document: { $name }
contests-admin-answered-rules-file-none = Rules document: none
contests-admin-ask-nomination = A nomination's title (up to { $max } characters). Nominations are added one at a time; when all are in, press Done.
contests-admin-nomination-line = { $n }. { $title }
contests-admin-nominations-done = ✔️ Done (nominations: { $count })
contests-admin-answered-nomination = Nomination: { $title }
contests-admin-answered-nominations = Nominations: { $count }
contests-admin-ask-nomination-subjects = Subjects of the nomination “{ $title }”. None selected: any.
contests-admin-ask-nomination-grades = Grades of the nomination “{ $title }”. None selected: any.
contests-admin-answered-subjects = Subjects: { $value }
contests-admin-answered-grades = Grades: { $value }
contests-admin-any = any
contests-admin-ask-submissionOpensAt = When do submissions open? For example: 25.12 10:00 or tomorrow 9:00. Time zone: { $zone }.
contests-admin-ask-submissionClosesAt = When do submissions close? Time zone: { $zone }.
contests-admin-ask-judgingClosesAt = When does judging close? Time zone: { $zone }.
contests-admin-ask-resultsAt = When are the results announced? Time zone: { $zone }.
contests-admin-answered-submissionOpensAt = Submissions open: { $value }
contests-admin-answered-submissionClosesAt = Submissions close: { $value }
contests-admin-answered-judgingClosesAt = Judging closes: { $value }
contests-admin-answered-resultsAt = Results: { $value }
contests-admin-date-now = ▶️ Now
contests-admin-date-keep = ✅ Keep as is
contests-admin-date-current = Now: { $value }
contests-admin-ask-formats = What may an entry be? You can choose several.
contests-admin-format-file = 📎 File
contests-admin-format-link = 🔗 Link
contests-admin-format-text = 📝 Text
contests-admin-answered-formats = Entries: { $value }
contests-admin-ask-max-files = How many files may an entry have? 1 to { $max }.
contests-admin-answered-max-files = Files per entry: up to { $value }
contests-admin-ask-families = Which file types are accepted? None selected: all the library accepts.
contests-admin-family-document = Documents
contests-admin-family-presentation = Presentations
contests-admin-family-spreadsheet = Spreadsheets
contests-admin-family-pdf = PDF
contests-admin-family-image = Images
contests-admin-family-audio = Audio
contests-admin-family-video = Video
contests-admin-family-archive = Archives
contests-admin-answered-families = File types: { $value }
contests-admin-ask-max-size = The largest file size in MB (1 to { $max }).
contests-admin-answered-max-size = File size: up to { $value } MB
contests-admin-ask-reviews = How many jurors review each entry? 1 to { $max }, usually { $default }.
contests-admin-answered-reviews = Reviews per entry: { $value }
contests-admin-ask-cap = How many entries may one juror get? Without a cap entries are shared evenly.
contests-admin-no-cap = No cap
contests-admin-answered-cap = Entries per juror: up to { $value }
contests-admin-ask-prizes = How many prize places after the winner? 0 to { $max }, usually { $default } (2nd and 3rd).
contests-admin-answered-prizes = Prize places: { $value }
contests-admin-ask-rubric = The rubric: the default one for a lesson plan (six criteria 0–5 and a pass/fail authorship) or your own?
contests-admin-rubric-default = 📋 Default rubric (lesson)
contests-admin-rubric-custom = ✏️ Custom rubric
contests-admin-answered-rubric-default = Rubric: default (lesson)
contests-admin-answered-rubric-custom = Rubric: custom
contests-admin-ask-criterion = A criterion's title (up to { $max } characters). Criteria are added one at a time; when all are in, press Done.
contests-admin-criterion-line = { $n }. { $title } — up to { $max } pts, weight { $weight }
contests-admin-criterion-line-passfail = { $n }. { $title } — pass/fail
contests-admin-criteria-done = ✔️ Done (criteria: { $count })
contests-admin-answered-criterion = Criterion: { $title }
contests-admin-answered-criteria = Criteria: { $count }
contests-admin-ask-points = The maximum points for “{ $title }” (1 to { $max }) or pass/fail: a fail by the jury's majority disqualifies the entry.
contests-admin-pass-fail = pass/fail
contests-admin-answered-points = Points: up to { $value }
contests-admin-answered-pass-fail = Pass/fail
contests-admin-ask-weight = The criterion's weight (0.1 to { $max }), usually 1.
contests-admin-answered-weight = Weight: { $value }
contests-admin-ask-tiebreak = Does “{ $title }” break ties between equal scores?
contests-admin-answered-tiebreak = Breaks ties: yes
contests-admin-answered-no-tiebreak = Breaks ties: no
contests-admin-yes = Yes
contests-admin-no = No
contests-admin-ask-vote = Hold an audience vote (a separate prize)?
contests-admin-answered-vote-on = Audience vote: yes
contests-admin-answered-vote-off = Audience vote: no
contests-admin-ask-broadcast = Broadcast each phase to members of the contest's subjects and grades?
contests-admin-answered-broadcast-on = Phase broadcasts: yes
contests-admin-answered-broadcast-off = Phase broadcasts: no
contests-admin-summary =
    <b>Check the contest</b>

    <b>{ $title }</b>
    Description: { $description }
    Rules: { $rules }
    Document: { $file }
    Entries: { $formats }; up to { $files } files, up to { $size } MB; types: { $families }
    Jury: { $reviews } reviews per entry, cap: { $cap }; prize places: { $prizes }
    Audience vote: { $vote }; phase broadcasts: { $broadcast }
contests-admin-summary-nominations =
    <b>Nominations</b>
    { $list }
contests-admin-summary-rubric =
    <b>Rubric</b>
    { $list }
contests-admin-create = ✅ Create the contest
contests-admin-create-cancelled = Contest creation cancelled; nothing was saved.
contests-admin-created = Contest #{ $id } created. Status: { $status }. Appoint the jury on the contest's card.
contests-admin-open-card = Open the card
contests-admin-dates-cancelled = The dates did not change.
contests-admin-dates-saved = The date changed.
contests-admin-dates-unchanged = The date stayed the same.

# Management screens
contests-admin-menu-button = 🏆 Contests: manage
contests-admin-new-button = ➕ New contest
contests-admin-list-empty = No contests yet. Create one: /newcontest
contests-admin-list-title = <b>Contests</b> (total: { $count }). Choose one:
contests-admin-list-button = ◀️ To the list
contests-admin-back = ◀️ Back
contests-admin-refresh = 🔄 Refresh
contests-admin-status-SCHEDULED = announced
contests-admin-status-OPEN = taking entries
contests-admin-status-JUDGING = judging
contests-admin-status-CONFIRMING = confirming results
contests-admin-status-PUBLISHED = results published
contests-admin-status-CANCELLED = cancelled
contests-admin-status-icon-SCHEDULED = 🗓
contests-admin-status-icon-OPEN = 📥
contests-admin-status-icon-JUDGING = ⚖️
contests-admin-status-icon-CONFIRMING = ✍️
contests-admin-status-icon-PUBLISHED = 🏆
contests-admin-status-icon-CANCELLED = ✖️
contests-admin-card = <b>{ $title }</b> (#{ $id })
    Status: { $status }
contests-admin-dates =
    Submissions: { $opens } — { $closes }
    Judging until: { $judging }
    Results: { $results }
contests-admin-card-nominations = Nominations: { $list }
contests-admin-card-rubric = Rubric: { $count } criteria, at most { $max } pts
contests-admin-card-jury = Jury: { $jurors }; reviews per entry: { $reviews }; prize places: { $prizes }
contests-admin-dates-button = 🗓 Dates
contests-admin-jury-button = ⚖️ Jury
contests-admin-progress-button = 📊 Progress
contests-admin-cancel-button = ✖️ Cancel the contest
contests-admin-date-submissionOpensAt = Submissions open
contests-admin-date-submissionClosesAt = Submissions close
contests-admin-date-judgingClosesAt = Judging closes
contests-admin-date-resultsAt = Results
contests-admin-cancel-confirm = Cancel the contest “{ $title }”? Entrants and jurors will be told. This cannot be undone.
contests-admin-cancel-yes = Yes, cancel the contest
contests-admin-cancelled-done = Contest cancelled. Notices: { $count }.
contests-admin-jury-title = <b>Jury</b> of “{ $title }” (members: { $count })
contests-admin-jury-empty = No jury appointed yet.
contests-admin-jury-line = { $n }. { $name }
contests-admin-jury-line-chair = { $n }. { $name } — 👑 chair
contests-admin-jury-add = 🔎 Find and add
contests-admin-jury-chair-button = 👑 { $n }
contests-admin-jury-remove-button = ✖️ { $n }
contests-admin-jury-remove-confirm = Remove from the jury: { $name }? Their unreviewed entries will be assigned again.
contests-admin-jury-remove-yes = Yes, remove
contests-admin-jury-added = Added to the jury.
contests-admin-jury-chair-set = Chair appointed.
contests-admin-jury-removed = Removed from the jury.
contests-admin-jury-search-prompt = Whom to add to the jury? Type a name, @username or member number.
contests-admin-jury-search-asked = Search: { $query }
contests-admin-jury-search-cancelled = Search cancelled.
contests-admin-jury-search-empty = Nobody found for “{ $query }”.
contests-admin-jury-search-results = Found for “{ $query }”: { $count }. Tap to add to the jury:
contests-admin-jury-search-again = 🔎 Search again
contests-admin-member-no-name = member #{ $id }
contests-admin-member-deleted = a deleted member
contests-admin-progress-title = <b>Review progress</b>: “{ $title }” ({ $status })
contests-admin-progress-juror = { $n }. { $name }: reviewed { $submitted } of { $assigned }; conflicts: { $conflicts }; reminded: { $reminded }
contests-admin-never = never
contests-admin-progress-nomination = “{ $title }”: entries { $entries }, reviews { $done } of { $needed }
contests-admin-progress-duplicates = ⚠️ <b>Possible duplicates</b> ({ $count }):
contests-admin-progress-duplicates-hint = Check them; an entry is removed with “🚫 Remove an entry” on the contest card.
contests-admin-progress-duplicate = entry #{ $number } “{ $title }” matches { $of }
contests-admin-progress-votes = ⚠️ <b>Suspicious votes</b> ({ $count }):
contests-admin-progress-vote = entry #{ $number }: a burst of { $votes } votes, { $suspicious } of them from new or inactive accounts
contests-admin-remind-button = 🔔 Remind: { $n }
contests-admin-reminded = Reminder sent.
contests-admin-reminder = 🔔 A reminder to the jury of “{ $title }”: entries left to review: { $count }. Judging closes { $deadline }. Open your entries: /jury

# Removing an entry from a contest (the organisers' decision)
contests-admin-remove-button = 🚫 Remove an entry
contests-admin-remove-ask-code = Which entry should be removed from the contest? Send its code, such as { $example } (or just the number).
contests-admin-remove-answered-code = Entry: { $code } “{ $title }”
contests-admin-remove-facts = <b>{ $code }</b> “{ $title }”
    Nomination: { $nomination }
    Author: { $author }
contests-admin-remove-duplicate = ⚠️ A file of this entry is identical to someone else's entry or material.
contests-admin-remove-ask-reason = The reason for removing it ({ $min } to { $max } characters). The author gets it with the notice; it goes into the protocol.
contests-admin-remove-answered-reason = Reason: { $reason }
contests-admin-remove-confirm = Remove entry { $code } “{ $title }” from the contest?
    Reason: { $reason }

    It leaves the jury's queues and the audience vote, and the places are computed again. This cannot be undone.
contests-admin-remove-yes = 🚫 Yes, remove the entry
contests-admin-remove-answered-yes = 🚫 Removing entry { $code }…
contests-admin-removed = Entry { $code } was removed from the contest. Its author has been told the reason.
contests-admin-remove-cancelled = The entry was not removed: nothing changed.
contests-admin-remove-closed = The results are already confirmed: entries can no longer be removed.
contests-admin-remove-nothing = Submissions have not opened yet: there is nothing to remove.
contests-admin-remove-withdrawn = Its author has already withdrawn this entry.
contests-admin-remove-already = This entry has already been removed from the contest.
contests-admin-remove-code-bad = Could not read the code. Send it as the card shows it, such as C-017, or just the number: 17.
contests-admin-remove-code-unknown = This contest has no entry with that code.
contests-admin-remove-reason-bad = The reason is { $min } to { $max } characters.
