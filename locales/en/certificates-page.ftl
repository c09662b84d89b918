# The public pages of documents: /v/<code> (verification) and /p/<slug> (portfolio). Plain text, no tags.
certificates-page-valid = Document is valid
certificates-page-revoked = Document revoked
certificates-page-issuer = Issued by { $community }
certificates-page-kind-label = Document type
certificates-page-kind-publication = Certificate of publication
certificates-page-kind-participation = Certificate of participation
certificates-page-kind-speaker = Speaker certificate
certificates-page-kind-diploma = Diploma
certificates-page-kind-jury = Jury member certificate
certificates-page-kind-protocol = Contest results protocol
certificates-page-contest-label = Contest
certificates-page-nomination-label = Category
certificates-page-result-label = Result
certificates-page-degree = { $degree ->
        [WINNER] Winner
        [PRIZE_WINNER] Prize-winner
        [AUDIENCE] Audience Choice Award
       *[PARTICIPANT] Participant
    }{ $place ->
        [0] {""}
       *[other] {" "}(place { $place })
    }
certificates-page-role-label = Role
certificates-page-jury-role = { $chair ->
        [yes] Jury chair
       *[no] Jury member
    }
certificates-page-entries-label = Entries
certificates-page-entries = { $entries } received, { $admitted } admitted, { $disqualified } disqualified
certificates-page-confirmed-label = Results confirmed
certificates-page-title-label = Awarded for
certificates-page-holder-label = Holder
certificates-page-holder-erased = Holder's data erased
certificates-page-name-masked = Full name hidden at the holder's request
certificates-page-issued-label = Date of issue
certificates-page-hours-label = Volume
certificates-page-hours = { $hours } { $hours ->
        [one] academic hour
       *[other] academic hours
    }
certificates-page-number-label = Number
certificates-page-sha256-label = SHA-256 of the PDF file
certificates-page-sha256-pending = The document's file is still being prepared
certificates-page-sha256-hint = If your file's SHA-256 matches this one, the file has not been changed since it was issued.
certificates-page-revoked-at-label = Revoked on
certificates-page-revoked-reason-label = Reason
certificates-page-cause-material-unpublished = The material was unpublished
certificates-page-cause-material-deleted = The material was deleted
certificates-page-cause-checkin-annulled = Attendance at the event was not confirmed
certificates-page-cause-replaced = A new document was issued in place of this one
certificates-page-cause-admin = Revoked by the community's administrator
certificates-page-replaced-by = Replaced by document No. { $number }
certificates-page-portfolio = Portfolio
certificates-page-portfolio-anonymous = A community member's documents
certificates-page-portfolio-count = Valid documents: { $count }
certificates-page-portfolio-empty = No valid documents yet.
certificates-page-not-found = Not found
certificates-page-not-found-text = There is nothing at this address. Check the address or scan the QR code on the document again.
certificates-page-rate-limited = Too many requests
certificates-page-rate-limited-text = Wait { $seconds } s and reload the page.
certificates-page-unavailable = Verification is temporarily unavailable
certificates-page-unavailable-text = Try reloading the page in a minute.
certificates-page-footer = Document verification page of { $community }.
