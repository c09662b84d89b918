# Messages about a contest's phases (contests.notices.ts).
contests-notice-assigned = ⚖️ You are on the jury of “{ $title }”. Entries assigned to you: { $count }. Reviews are accepted until { $until }.
    Entries are anonymous: you see only the code, the nomination and the work. Open /jury to start.
contests-notice-no-jury = ⚠️ Submissions to “{ $title }” are closed, but no jury is appointed. Appoint the jury in /contestadmin: entries will be assigned at once.
contests-notice-no-entries = ⚠️ Submissions to “{ $title }” are closed without a single entry. The jury has nothing to review; you can cancel the contest in /contestadmin.
contests-notice-judging-closed = 🏁 Judging of “{ $title }” is over. Results will be published on { $results }: you will get your scores, the jury's comments and your diploma.
contests-notice-confirm = 📋 The results of “{ $title }” are computed. As the chair of the jury, check them (flagged reviews, ties) and confirm: /jury.
contests-notice-confirm-no-chair = 📋 The results of “{ $title }” are computed, but there is no chair of the jury. Appoint one in /contestadmin to confirm them.
contests-notice-overdue = ⏰ The results date of “{ $title }” has come, but the chair has not confirmed the results yet. They will be published as soon as they are confirmed (/jury).
contests-notice-cancelled = ❌ The contest “{ $title }” was cancelled by the organisers.
contests-notice-removed = 🚫 Your entry { $code } “{ $entry }” was removed from the contest “{ $title }” by the organisers.
    Reason: { $reason }
contests-notice-results = 🏆 <b>Results of “{ $title }”</b>
contests-notice-results-entry = <b>{ $code }</b> · { $title }
    { $outcome ->
        [WINNER] 🥇 Winner (place { $place })
        [PRIZE_WINNER] 🥈 Prize-winner (place { $place })
        [PARTICIPANT] Participant
        [disqualified] Not admitted: the jury did not confirm authorship
        [removed] Removed from the contest by the organisers: { $reason }
       *[none] Not scored
    } · final score: { $score }
contests-notice-results-audience = 🗳 Audience prize (votes: { $votes })
contests-notice-results-review = Expert { $n }: { $points } — total { $total }
contests-notice-results-comment = 💬 { $comment }
contests-notice-results-diploma = Diplomas come in separate messages; anyone can verify them by their QR code. The protocol is on the contest card (/contests).
contests-notice-results-more = The other entries are on the contest card (/contests).
