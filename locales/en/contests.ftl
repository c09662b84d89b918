# Contests, the member's side: /contests, the contest card, submitting, editing and withdrawing
# an entry, my entries and results (src/features/contests/contests.feature.ts, contests.render.ts,
# contests.entries.conversation.ts).

command-contests = Contests: rules, submissions, my entries and results
contests-menu-button = 🏆 Contests
# The letter of anonymous entry codes: C-017.
contests-code-letter = C

contests-back = ⬅️ Back
contests-submit-button = 📝 Submit an entry
contests-rules-button = 📄 Rules
contests-audience-vote-button = 🗳 Audience vote
contests-my-entries-button = 📂 My entries
contests-edit-button = ✏️ Edit
contests-withdraw-button = 🗑 Withdraw
contests-withdraw-yes = Yes, withdraw the entry
contests-results-button = 📊 Results
contests-open-entry = 📄 Open the entry
contests-field-title = 📝 Title
contests-field-description = 📄 Description
contests-field-work = 📎 The work itself (files, link, text)

# The list
contests-list-title = 🏆 <b>Contests</b>
contests-list-empty = There are no open contests right now. Come back later!
contests-list-line = { $n }. <b>{ $title }</b>
    { $phase }
contests-phase-OPEN = 📝 entries until { $date }
contests-phase-SCHEDULED = ⏳ entries open { $date }
contests-phase-JUDGING = ⚖️ the jury is at work, results on { $date }
contests-phase-PUBLISHED = 🏅 results published { $date }
contests-phase-CANCELLED = ❌ the contest was cancelled

# The card
contests-card-title = 🏆 <b>{ $title }</b>
contests-card-description = { $description }
contests-card-dates = 🗓 <b>Dates</b>
    Entries: { $opens } — { $closes }
    Jury: until { $judging }
    Results: { $results }
contests-card-formats = 📎 <b>Accepted</b>: { $formats }
contests-format-file = files (up to { $max }, each up to { $mb } MB{ $types })
contests-format-link = a link
contests-format-text = text (up to { $max } characters)
contests-card-nominations = 🏷 <b>Nominations</b>
    { $list }
contests-nomination-line = • { $title }{ $details }
contests-card-rules = 📜 <b>Rules</b>
    { $rules }
contests-card-mine = 📂 <b>Your entries</b>
    { $list }
contests-mine-line = • { $code } “{ $title }” — { $nomination }, { $status }
contests-card-can-submit = Entries are accepted until { $date }. One entry per member in each nomination.
contests-card-all-submitted = You have entered every nomination. You can edit or withdraw your entries until { $date }.
contests-entry-status-SUBMITTED = accepted
contests-entry-status-WITHDRAWN = withdrawn
contests-entry-status-DISQUALIFIED = disqualified
contests-rules-empty = This contest has no separate rules document.
contests-rules-text = 📜 <b>Rules of the contest “{ $title }”</b>

    { $rules }
contests-rules-caption = Rules of the contest “{ $title }”

# The entry card
contests-entry-card = 📄 <b>Entry { $code }</b>
    Contest: { $contest }
    Nomination: { $nomination }
    Title: <b>{ $title }</b>
    Status: { $status }
contests-entry-card-description = Description: { $description }
contests-entry-card-editable = You can edit or withdraw the entry until { $date }.
contests-entry-card-frozen = Submissions are closed — the entry no longer changes. The results will come here.
contests-work-files = Files:
    { $list }
# The size of a file in the list of an entry's files.
contests-work-file-mb = { $size } MB
contests-work-file-kb = { $size } KB
contests-work-link = Link: { $url }
contests-work-text = Text:
    { $text }
contests-result-line = Final score: <b>{ $score }</b>{ $place }
    Award: { $award }
contests-result-place = , place: { $place }
contests-result-audience = 🗳 Audience award
contests-award-WINNER = winner's diploma
contests-award-PRIZE_WINNER = prize-winner's diploma
contests-award-PARTICIPANT = participant's diploma

# My entries
contests-mine-title = 📂 <b>My contest entries</b>
contests-mine-empty = You have not entered any contest yet. Open /contests to choose one.
contests-mine-item = { $code } “{ $title }” — { $contest }
    { $status }{ $result }

# Results
contests-results-title = 📊 <b>Results of entry { $code }</b> “{ $title }”
contests-results-expert = <b>Expert { $n }</b> — total { $total }
contests-results-criterion = • { $title }: { $value }
contests-results-points = { $points } of { $max }
contests-results-pass = pass
contests-results-fail = fail
contests-results-comment = 💬 { $comment }
contests-results-none = The jury left no reviews of this entry.
contests-results-disqualified = The entry was disqualified on the authorship criterion.
contests-removed-reason = 🚫 The entry was removed from the contest by the organisers. Reason: { $reason }

# Errors
contests-not-found = Contest not found.
contests-entry-not-found = Entry not found.
contests-cancelled = This contest was cancelled.
contests-submissions-not-yet = Submissions to this contest have not opened yet.
contests-submissions-closed = Submissions to this contest are closed: the deadline has passed.
contests-nomination-unknown = This contest has no such nomination.
contests-entry-one-per-nomination = Each member may submit one entry per nomination, and you already have one in this nomination. You can edit or withdraw it from the contest card.
contests-entry-title-short = The title is too short: at least 3 characters, please.
contests-entry-title-long = The title is too long: 200 characters at most.
contests-entry-title-letters = The title needs letters or digits.
contests-entry-description-long = The description is too long: 1000 characters at most.
contests-entry-text-empty = The text of the work is empty. Send it as one message.
contests-entry-text-long = The text of the work is too long: 3500 characters at most. Send it as a file if the contest accepts files.
contests-entry-link-bad = That does not look like a link. Send an address starting with http:// or https://.
contests-entry-file-type = Files of this type are not accepted. Documents, presentations, spreadsheets, PDFs, images, audio, video and archives are.
contests-entry-file-family = This contest does not accept files of this type — the card says which ones it does.
contests-entry-file-too-big = The file is too big: this contest accepts up to { $mb } MB.
contests-entry-work-empty = The work is empty: send a file, a link or a text — whatever the contest accepts.
contests-entry-format-not-allowed = This contest does not accept entries in this form — the card says what it does.
contests-entry-files-many = You can attach up to { $max } files. Tap “Done”.
contests-entry-not-declared = An entry cannot be submitted without the declaration of authorship.
contests-entry-withdrawn = This entry was withdrawn — it cannot be changed.
contests-entry-frozen = Submissions are closed: after the deadline entries can neither be changed nor withdrawn.
contests-results-not-yet = The results will be available once the jury has finished and they are published.

# Submitting
contests-submit-start = Submitting an entry to “{ $contest }”, nomination “{ $nomination }”. You can cancel at any time: /cancel
contests-submit-start-many = Submitting an entry to “{ $contest }”. You can cancel at any time: /cancel
contests-ask-nomination = Which nomination are you entering?
contests-answered-nomination = Nomination: { $value }
contests-ask-title = What is the title of the work? (3 to 200 characters)
contests-answered-title = Title: { $value }
contests-ask-description = Describe the work briefly (up to 1000 characters) — or tap “Skip”.
contests-answered-description = Description: { $value }
contests-answered-description-none = Description: none
contests-clear = Clear
contests-ask-work = <b>The work</b>
    { $how }
contests-how-file = Send files as documents (📎 → File), one per message. Accepted: { $files }. Captions are not kept and never reach the jury.
contests-how-link = Send a link to the work (http:// or https://).
contests-how-text = Send the text of the work as one message.
contests-work-received = Received:
    { $list }
contests-work-more = You can add more — or tap “Done”.
    { $how }
contests-work-done = ✅ Done
contests-answered-work = The work:
    { $value }
contests-answered-file = 📎 File received: { $name }
contests-answered-link = 🔗 Link: { $value }
contests-answered-text = 📝 Text received ({ $length } characters)
contests-work-send-as-file = Please send it as a file (📎 → File), not as a photo or video, so the jury gets it uncompressed.
contests-work-send-file = This contest accepts files only: send your work as a document (📎 → File).
contests-work-wrong-type = That kind of message does not fit here. Send the work as the question above says.
contests-work-file-again = This file is already added.
contests-ask-declaration = <b>Declaration of authorship</b>
    Confirm that you did this work yourself (or are one of its authors), that it infringes nobody's rights and may be shown to the jury. The jury will see only the entry's code — not your name or school.
contests-declare-button = ✅ I confirm the work is mine
contests-answered-declaration = ✅ Authorship confirmed
contests-summary = <b>Check your entry</b>
    Contest: { $contest }
    Nomination: { $nomination }
    Title: <b>{ $title }</b>
    Description: { $description }
    { $work }
contests-none = none
contests-send = 📨 Submit the entry
contests-submit-cancelled = Submission cancelled. Nothing was saved.
contests-submitted = ✅ Your entry is accepted! Its code is <b>{ $code }</b>: the jury sees only the code, not your name.
    You can edit or withdraw it until { $date }.

# Editing and withdrawing
contests-edit-ask = What would you like to change in “{ $title }”?
contests-edit-cancelled = Nothing changed: the entry stays as it was.
contests-edited = ✅ Changes saved.
contests-withdraw-ask = Withdraw entry { $code } “{ $title }”? It will not go to the jury; its code stays used. Until submissions close you can submit a new entry in this nomination.
contests-withdrawn = The entry was withdrawn.
contests-audience-results-button = 🗳 Audience vote results
contests-protocol-button = 📋 Results protocol
contests-protocol-not-yet = The protocol is being prepared; try again in a minute.
contests-protocol-caption = Results protocol of “{ $title }” No. { $number }
    Verify it: { $url } (code { $code })
    SHA-256: { $hash }
