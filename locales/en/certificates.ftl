# /certificates, /portfolio, /verify, admin revoke and reissue, the organiser's panel of an event
# (src/features/certificates/*.feature.ts, certificates.render.ts).
# The PDFs themselves are in Russian (they go to Russian education offices); these are the bot's texts.

command-certificates = My documents: records, certificates, diplomas
command-portfolio = Attestation portfolio (PDF)
command-verify = Verify a document by its code
command-revoke = Revoke a document: /revoke CODE reason
command-reissue = Reissue a document: /reissue CODE
certificates-menu-button = 🎓 My documents

certificates-kind-PUBLICATION = Record of a material placed in the library
certificates-kind-PARTICIPATION = Participation certificate
certificates-kind-SPEAKER = Speaker certificate
certificates-kind-DIPLOMA = Contest diploma
certificates-kind-JURY = Jury certificate
certificates-kind-PROTOCOL = Contest results protocol

certificates-hours = { $hours } { $hours ->
        [one] academic hour
       *[other] academic hours
    }

## The list and the card

certificates-title = <b>🎓 My documents</b> ({ $total })
certificates-empty =
    No documents yet. They are issued automatically:
    • a record of placement — when your material is approved and published in the library;
    • a participation certificate — for an event you checked in to (/checkin), once it is over;
    • a speaker certificate — for a talk at a community event;
    • diplomas and jury certificates — after contests.
certificates-line = { $n }. { $revoked ->
        [yes] ❌
       *[no] ✅
    } <b>{ $number }</b> · { $kind }
    { $title }
certificates-list-button = { $n }. { $number }
certificates-prev = ◀️
certificates-next = ▶️
certificates-back = ⬅️ Back
certificates-consent-button-on = ✅ Full name on verification pages: consent given
certificates-consent-button-off = 👤 Publish your full name on verification pages?
certificates-public-button-on = 🌐 Public portfolio: on
certificates-public-button-off = 🌐 Public portfolio: off
certificates-portfolio-button = 📘 Portfolio (PDF)

certificates-card =
    <b>{ $kind }</b>
    No. { $number }
    “{ $title }”
    Issued: { $date }
certificates-card-event-date = Event date: { $date }
certificates-card-hours = Volume: { $hours }
certificates-card-contest = Contest: «{ $contest }»
certificates-card-nomination = Category: «{ $nomination }»
certificates-card-degree = Result: { $degree ->
        [WINNER] winner
        [PRIZE_WINNER] prize-winner
        [AUDIENCE] Audience Choice Award
       *[PARTICIPANT] participant
    }{ $place ->
        [0] {""}
       *[other] {" "}(place { $place })
    }
certificates-card-jury-role = Role: { $chair ->
        [yes] jury chair
       *[no] jury member
    }
certificates-card-protocol-counts = Entries received: { $entries }, admitted: { $admitted }, disqualified: { $disqualified }
certificates-card-confirmed = Results confirmed by the jury chair: { $date }
certificates-status-valid = Status: ✅ valid
certificates-status-revoked = Status: ❌ revoked { $date }
certificates-revoked-notice = ⚠️ Your document was revoked: { $kind } No. { $number } “{ $title }”. Checking its code now shows that it is not valid.
certificates-cause = Grounds: { $cause }
certificates-cause-material-unpublished = the material was unpublished by a moderator
certificates-cause-material-deleted = the material was deleted by a moderator
certificates-cause-checkin-annulled = the check-in was annulled by the organiser
certificates-cause-replaced = the document was reissued
certificates-cause-admin = an administrator's decision
certificates-reason = Reason: { $reason }
certificates-replaced-by = Replaced by document No. { $number }
certificates-card-verify = Verification: { $url }
certificates-card-code = Verification code: <code>{ $code }</code>
certificates-download = ⬇️ Download PDF
certificates-being-prepared = The document is still being prepared — the PDF will arrive here in a minute or two.

## Consent to publish the full name (152-FZ: publishing is distribution, it needs its own consent)

certificates-consent-text =
    <b>Consent to publish your full name</b>

    Anyone with the code or the QR code of a document can check that it is genuine — in the bot (/verify) or on the verification page. Without your consent only a mask of your name is shown there (e.g. “I******a A. P.”), with the document's number, title, date and status.

    If you agree, your <b>surname, first name and patronymic</b> as printed on the document will be published on the verification pages of your documents and on your public portfolio (if you turn it on). This is distribution of personal data, so it needs a separate consent (Art. 10.1 of Russian Federal Law No. 152-FZ “On Personal Data”). Documents are issued with or without it.

    You can withdraw the consent at any time with this same button — from then on your name is masked again.

    Now: { $given ->
        [yes] ✅ consent given.
       *[no] no consent.
    }
certificates-consent-agree = ✅ I agree to publish my full name
certificates-consent-withdraw = ↩️ Withdraw consent
certificates-consent-given = Consent given: verification pages now show your full name.
certificates-consent-withdrawn = Consent withdrawn: your name is masked again.

certificates-public-text =
    <b>Public portfolio</b>

    A page listing your valid documents, for whoever you give the link to (an attestation board, for instance). It shows your full name only with your consent to publish it.

certificates-public-off = The page is off now.
certificates-public-on = The page is on: { $url }
certificates-public-enable = 🌐 Turn on
certificates-public-disable = 🚫 Turn off

## /portfolio

certificates-portfolio-wait = Your portfolio is already being put together. Please wait { $seconds } s and try again.
certificates-portfolio-caption = 📘 Attestation portfolio: { $count } documents, { $hours } academic hours of participation.
certificates-experience = { $years } { $years ->
        [one] year
       *[other] years
    }

## /verify and the deep link v_<code>

certificates-verify-usage = To verify a document, send its verification code: /verify CODE (it is printed on the document under the QR code).
certificates-not-found = No document with this code was found. Check the code: it is printed on the document under the QR code.
certificates-verify-title = 🔎 <b>Document verification</b>
certificates-verify-holder = Holder: { $name }
certificates-verify-masked = (full name hidden: the holder has not consented to publishing it)
certificates-verify-erased = Holder: data erased at the holder's request
certificates-verify-hash = SHA-256 of the file: <code>{ $hash }</code>
certificates-verify-status-valid = ✅ <b>The document is valid</b>
certificates-verify-status-revoked = ❌ <b>The document was revoked</b> { $date }

## Admins: revoke and reissue

certificates-admin-reissue = 🔁 Reissue
certificates-admin-revoke = ⛔ Revoke
certificates-reissue-confirm =
    Reissue document No. { $number }?

    A new document (new number and code) is issued with the holder's name, position and school as their profile has them now — after a name was corrected, for instance. The old document is revoked as “replaced by No. …”.
certificates-reissue-yes = 🔁 Yes, reissue
certificates-reissued = Document No. { $old } reissued: new No. { $number }, code <code>{ $code }</code>. The holder will get the PDF.
certificates-reissue-usage = Usage: /reissue CODE
certificates-revoke-usage = Usage: /revoke CODE reason
certificates-revoke-ask = Write the reason for revoking document No. { $number } (up to { $max } characters). The holder and everyone who verifies the document will see it.
certificates-revoke-answered = Reason: { $value }
certificates-revoke-cancelled = Revocation cancelled.
certificates-revoked = Document No. { $number } revoked.

## Errors of the service

certificates-organisers-only = Only organisers (moderators and administrators) can do this.
certificates-admins-only = Only administrators can do this.
certificates-event-not-over = Participation certificates are issued once the event is over.
certificates-event-no-hours = Set the event's volume in academic hours first.
certificates-event-no-attendees = Nobody has checked in to the event yet: there is nobody to issue certificates to.
certificates-event-not-started = A speaker certificate is issued once the event has started.
certificates-holder-unregistered = This person is not registered in the community or erased their data: no document can be issued.
certificates-reason-required = Write the reason for revoking.
certificates-reason-long = The reason is too long: at most { $max } characters.
certificates-already-revoked = The document is already revoked.
certificates-holder-erased = The holder erased their data: the document cannot be reissued.
certificates-issued-caption = 🎓 Your document is ready: { $kind }, No. { $number }.
    Verification code: <code>{ $code }</code>. All your documents — /certificates

## The organiser's panel of an event

certificates-event-button = 🎓 Certificates ({ $count })
certificates-event-panel =
    <b>🎓 Certificates: “{ $title }”</b>

    Volume: { $hours }
    Checked in: { $attendees }
    Participation certificates issued: { $issued }
    Speaker certificates issued: { $speakers }
certificates-event-hours-none = not set
certificates-event-hours-hint = Choose the volume in academic hours:
certificates-event-hours-other = ✏️ Another number
certificates-event-hours-ask = Write the event's volume in academic hours — a whole number from 1 to { $max }.
certificates-event-hours-bad = A whole number from 1 to { $max }, please.
certificates-event-hours-answered = Volume: { $value }
certificates-event-hours-set = Volume saved: { $hours }.
certificates-event-hours-cancelled = The volume was not changed.
certificates-event-open = 🎓 Back to the event's certificates
certificates-event-issue = 📨 Issue certificates to participants
certificates-event-issue-queued = Certificates are queued for { $count } { $count ->
        [one] participant
       *[other] participants
    }: they will get them in private messages.
certificates-event-issue-all-done = Every participant who checked in already has a certificate.
certificates-event-speaker = 🎤 Speaker certificate
certificates-speaker-ask = Who gets a speaker certificate? Write the community member's @username or part of their name.
certificates-speaker-answered = Search: { $value }
certificates-speaker-bad = Write 2 to 100 characters: an @username or part of a name.
certificates-speaker-none = Nobody found for “{ $query }”. Try again with the “Speaker certificate” button.
certificates-speaker-pick = Choose the speaker (found: { $count }):
certificates-speaker-issued = Speaker certificate issued: { $name }, No. { $number }.
certificates-speaker-already = { $name } already has this event's speaker certificate: No. { $number }.
certificates-speaker-cancelled = Speaker certificate cancelled.
certificates-event-annul = 🚫 Annul a check-in
certificates-annul-title = Whose check-in should be annulled? Their participation certificate will be revoked. Checked in: { $count }.
certificates-annul-none = Nobody checked in to the event.
certificates-annul-confirm = Annul the check-in of { $name }? Their participation certificate (if issued) will be revoked, and the verification page will show it.
certificates-annul-yes = 🚫 Yes, annul
certificates-annul-done = The check-in of { $name } was annulled.
certificates-unknown-member = Member No. { $id }
certificates-file-caption = { $kind }, No. { $number }. Verification code: <code>{ $code }</code>
# Notes of portfolio lines (the PDF is in Russian in every locale; these exist because every locale has every key).
certificates-portfolio-note-diploma = { $degree ->
        [WINNER] winner
        [PRIZE_WINNER] prize-winner
        [AUDIENCE] Audience Choice Award
       *[PARTICIPANT] participant
    }{ $place ->
        [0] {""}
       *[other] {" "}(place { $place })
    }
certificates-portfolio-note-nomination = nomination “{ $nomination }”
certificates-portfolio-note-chair = jury chair

