# The PDF documents and the portfolio (src/features/certificates/certificates.pdf.ts).
# The documents are rendered in Russian only (they go to Russian education
# offices); this copy keeps the locales complete and documents the meaning.

certificates-pdf-number = No. { $number }
certificates-pdf-issued = Issued: { $date }
certificates-pdf-code = Verification code: { $code }
certificates-pdf-verify-hint = Verify:
certificates-pdf-no-name = —

certificates-pdf-title-PUBLICATION = STATEMENT
certificates-pdf-title-PARTICIPATION = CERTIFICATE
certificates-pdf-title-SPEAKER = CERTIFICATE
certificates-pdf-title-DIPLOMA = DIPLOMA
certificates-pdf-title-JURY = CERTIFICATE

certificates-pdf-subtitle-PUBLICATION = of a methodological material placed in the library
certificates-pdf-subtitle-PARTICIPATION = of participation
certificates-pdf-subtitle-SPEAKER = of a speaker
certificates-pdf-subtitle-jury-member = of a jury member
certificates-pdf-subtitle-jury-chair = of the jury chair
certificates-pdf-subtitle-diploma-winner = of the winner ({ $place } place)
certificates-pdf-subtitle-diploma-prize = of a prize-winner ({ $place } place)
certificates-pdf-subtitle-diploma-prize-no-place = of a prize-winner
certificates-pdf-subtitle-diploma-participant = of a participant
certificates-pdf-subtitle-diploma-audience = «Audience Choice Award»

certificates-pdf-intro-PUBLICATION = This statement confirms that
certificates-pdf-intro-PARTICIPATION = This certificate confirms that
certificates-pdf-intro-SPEAKER = This certificate confirms that
certificates-pdf-intro-DIPLOMA = This diploma confirms that
certificates-pdf-intro-JURY = This certificate confirms that

certificates-pdf-body-publication = placed the material «{ $title }» in the methodological library of the teachers' network community «{ $community }»
certificates-pdf-body-participation = took part in the { $eventIn } «{ $title }», { $date }
certificates-pdf-body-participation-hours = took part in the { $eventIn } «{ $title }», { $date }, for { $hours } { $hours ->
        [one] academic hour
       *[other] academic hours
    }
certificates-pdf-body-speaker = spoke at the { $eventIn } «{ $title }», { $date }
certificates-pdf-body-diploma = { $degree ->
        [WINNER] won the contest «{ $contest }»
        [PRIZE_WINNER] is a prize-winner of the contest «{ $contest }»
        [AUDIENCE] won the Audience Choice Award of the contest «{ $contest }»
       *[PARTICIPANT] took part in the contest «{ $contest }»
    }
certificates-pdf-body-diploma-nomination = in the category «{ $nomination }»
certificates-pdf-body-diploma-work = with the work «{ $title }»
certificates-pdf-body-jury-member = served on the jury of the contest «{ $contest }»
certificates-pdf-body-jury-chair = chaired the jury of the contest «{ $contest }»
certificates-pdf-body-community = Teachers' network community «{ $community }»

# The event's kind as the body's sentence needs it.
certificates-pdf-event-in-SEMINAR = seminar
certificates-pdf-event-in-WEBINAR = webinar
certificates-pdf-event-in-MASTER_CLASS = master class
certificates-pdf-event-in-CONFERENCE = conference
certificates-pdf-event-in-PEDAGOGICAL_COUNCIL = teachers' council
certificates-pdf-event-in-PROJECT_FESTIVAL = project festival
certificates-pdf-event-in-TELECONFERENCE = teleconference
certificates-pdf-event-in-OTHER = event

certificates-pdf-fact-type = Type: { $value }
certificates-pdf-fact-subject = Subject: { $value }
certificates-pdf-fact-grades = Grades: { $value }
certificates-pdf-fact-published = Published: { $value }
certificates-pdf-fact-link = In the library: { $value }

certificates-pdf-hours = { $hours } { $hours ->
        [one] academic hour
       *[other] academic hours
    }

certificates-pdf-portfolio-title = TEACHER'S PORTFOLIO
certificates-pdf-portfolio-subtitle = Documents issued by the teachers' network community «{ $community }»
certificates-pdf-portfolio-position = Position: { $value }
certificates-pdf-portfolio-school = School: { $value }
certificates-pdf-portfolio-city = City: { $value }
certificates-pdf-portfolio-experience = Teaching experience: { $value }
certificates-pdf-portfolio-subjects = Subjects: { $value }
certificates-pdf-portfolio-section-publications = Methodological materials placed
certificates-pdf-portfolio-section-participation = Events attended
certificates-pdf-portfolio-section-speaker = Talks given as a speaker
certificates-pdf-portfolio-section-diplomas = Contest results
certificates-pdf-portfolio-section-jury = Jury work
certificates-pdf-portfolio-empty = No documents.
certificates-pdf-portfolio-total-hours = Total: { $hours } { $hours ->
        [one] academic hour
       *[other] academic hours
    }
certificates-pdf-portfolio-generated = Generated on { $date }. Every document can be verified by its code at { $url }
certificates-pdf-portfolio-page = Page { $page } of { $pages }
certificates-pdf-portfolio-signed = { $title } { $name }

# The issuer when COMMUNITY_NAME / CERTIFICATE_SIGNER_NAME / CERTIFICATE_SIGNER_TITLE are unset.
# The community's own name when COMMUNITY_NAME is unset (documents print it in «» after "teachers' network community").
certificates-pdf-default-community = Teachers' Network
certificates-pdf-default-signer-name = Community coordinator
certificates-pdf-default-signer-title = Coordinator of the network teachers' community
