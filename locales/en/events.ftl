# Community events: lists, cards, registration, organising, check-in, feedback.

events-kind-SEMINAR = Seminar
events-kind-WEBINAR = Webinar
events-kind-MASTER_CLASS = Master class
events-kind-CONFERENCE = Conference
events-kind-PEDAGOGICAL_COUNCIL = Teachers' council
events-kind-PROJECT_FESTIVAL = Project festival
events-kind-TELECONFERENCE = Teleconference
events-kind-OTHER = Other

events-status-REGISTERED = registered
events-status-WAITLISTED = on the waitlist
events-status-CANCELLED = cancelled

events-field-start = 🕒 Start time
events-field-duration = ⏱ Duration
events-field-link = 🔗 Link
events-field-capacity = 👥 Places
events-field-title = 📝 Title
events-field-kind = 🏷 Kind
events-field-description = 📄 Description
events-field-subjects = 📚 Subjects
events-field-deadline = ⏳ Registration deadline
events-field-speakers = 🎤 Speakers
events-field-reminders = 🔔 Reminders

# Errors of the service and of parsing
events-not-found = Event not found.
events-staff-only = Only organisers (moderators and administrators) can do this.
events-cancelled = The event is cancelled.
events-already-started = The event has already started.
events-registration-closed = Registration for this event is closed.
events-not-registered = You were not registered for this event.
events-changed-meanwhile = Another organiser has just changed this event. Open the card again and retry.
events-capacity-invalid = Places: a whole number from 1 to 100,000 (or the "No limit" button).
events-capacity-below-registered = Places cannot be fewer than the members already registered ({ $registered }).
events-checkin-code-wrong = Wrong code word. Check that you typed the code the host announced.
events-checkin-not-registered = Only registered members (not on the waitlist) can check in.
events-checkin-too-early = Check-in opens 15 minutes before the start.
events-checkin-over = The event is over: check-in is closed.
events-deadline-after-start = Registration must close no later than the start.
events-deadline-past = That time has passed. Give a deadline in the future.
events-description-long = The description is too long: 2000 characters at most.
events-duration-invalid = The duration must be above zero and at most 24 hours.
events-duration-unparsed = I could not read the duration. Examples: <code>90</code>, <code>1.5 hours</code>, <code>1:30</code>, <code>2 h</code>.
events-feedback-long = The comment is too long: 1000 characters at most.
events-feedback-not-attended = Only members who checked in can rate the event.
events-feedback-too-early = You can rate the event once it has started.
events-ics-registrants-only = The calendar file is for registered members only.
events-kind-bad = Unknown kind of event.
events-reminders-invalid = Reminders: up to 5, none earlier than a week before the start.
events-reminders-unparsed = I could not read the reminders. Examples: <code>2 days, 3 hours, 15 min</code>, <code>1d 2h 0</code> (0 means at the start), or <code>no</code> for none.
events-reminders-range = A reminder can be at most { $limit } before the start.
events-reminders-many = At most { $max } reminders.
events-score-bad = The score is from 1 to 5.
events-speakers-long = The list of speakers is too long: 500 characters at most.
events-subject-unknown = Unknown subject.
events-subjects-many = You can choose at most 10 subjects.
events-time-invalid = That date or time does not exist (e.g. 31.02 or 25:00). Check it and try again.
events-time-past = That time has passed. Give a date and time in the future.
events-time-too-far = Too far ahead: events can be scheduled at most 2 years ahead.
events-time-unparsed = I could not read the date and time. Examples: <code>25.12 18:00</code>, <code>25.12.2026 18:00</code>, <code>tomorrow 18:00</code>.
events-timezone-unknown = Unknown time zone. Check it in your profile: /profile
events-title-letters = The title must contain letters.
events-title-long = The title is too long: 200 characters at most.
events-title-short = The title is too short: 3 characters at least.
events-url-bad = I need a link starting with http:// or https://

# Lists
events-list-title-mine = <b>📅 Upcoming events for your subjects</b>
    <i>Times are in your time zone ({ $zone }).</i>
events-list-title-all = <b>📅 Upcoming events</b>
    <i>Times are in your time zone ({ $zone }).</i>
events-list-empty = No events are scheduled yet.
events-list-line = { $mark }<b>{ $n }. { $title }</b>
    🕒 { $time } · { $places }
events-show-all = 📚 Show all events
events-show-mine = ⭐ Only my subjects
events-mark-cancelled = ❌ cancelled
events-places-unlimited = no limit on places (registered: { $registered })
events-places-left = places left: { $left } of { $capacity }
events-places-full = no places left, waitlist: { $waitlisted }
events-places-ended = over
events-subjects-any = all subjects

events-my-title = <b>🗓 My events</b>
events-my-upcoming = <b>Upcoming</b>
events-my-past = <b>Past</b>
events-my-none = —

# Card
events-card = 📅 <b>{ $title }</b>
    🏷 { $kind }
    🕒 { $time }
    ⏱ { $duration } min
    📚 { $subjects }
events-card-places = 👥 { $places }
events-card-ended = ⌛ The event is over.
events-card-speakers = 🎤 Speakers: { $speakers }
events-card-description = { $description }
events-card-deadline = ⏳ Registration until: { $time }
events-card-cancelled = ❌ <b>The event is cancelled.</b>
events-card-registered = ✅ You are registered.
events-card-attended = ✅ You are registered and checked in.
events-card-waitlisted = ⏳ You are on the waitlist, position { $position }.
events-card-link = 🔗 Link to join: { $url }
events-card-recording = 🎬 Recording: { $url }
events-card-code = 🔑 Check-in code word (announce it to the participants): <code>{ $code }</code>
events-register = ✍️ Register
events-join-waitlist = ⏳ Join the waitlist
events-unregister = ✖️ Cancel registration
events-edit = ✏️ Edit
events-cancel-event = ❌ Cancel the event
events-cancel-yes = Yes, cancel the event
events-add-recording = 🎬 Add a recording
events-registrants = 👥 Participants
events-feedback-average = ⭐ Feedback
events-back = ⬅️ Back
events-refresh = 🔄 Refresh
events-open-card = 📅 Open the card

# Registration
events-registered = You are registered! The calendar file is below.
events-already-registered = You are already registered.
events-waitlisted = No places left: you are on the waitlist, position { $position }. We will tell you if a place frees up.
events-unregistered = Registration cancelled.
events-ics-button = 📅 Calendar file
events-ics-caption = 📅 "{ $title }": add it to your calendar.
events-ics-caption-link = 📅 "{ $title }": add it to your calendar.
    🔗 Link to join: { $url }
events-cancelled-done = The event is cancelled. Members to notify: { $count }.

# Staff views
events-registrants-title = <b>👥 Participants of "{ $title }"</b> (total: { $count })
events-registrant-line = { $n }. { $name } { $username } — { $status } { $attended }
events-registrant-unknown = (no name)
events-registrants-none = Nobody has registered yet.
events-feedback-none = No feedback yet.
events-feedback-summary = ⭐ Average score: <b>{ $average }</b> (scores: { $count })
events-feedback-comment-line = { $score }⭐ { $comment }

# Check-in and feedback
events-checkin-usage = Send the code word the host announced: <code>/checkin CODE</code>
events-checkin-none = None of your events is running now. Check-in opens 15 minutes before the start and closes at the end.
events-checkin-done = ✅ You have checked in to "{ $title }". Thank you!
events-checkin-already = You have already checked in to "{ $title }".
events-checkin-done-short = ✅ Checked in. Thank you!
events-checkin-already-short = You have already checked in.
events-checkin-button = ✅ I'm here
events-feedback-thanks = Thank you for your score: { $score }⭐
events-ask-feedback-comment = Would you like to add a comment? Write it (up to { $max } characters) or press "Cancel".
events-answered-feedback = 💬 { $value }
events-feedback-no-comment = All right, no comment. Thank you!
events-feedback-comment-saved = Thank you for your feedback!

# Organising
events-step = <i>Event · step { $n } of { $total }</i>
events-ask-title = What is the event called? ({ $min } to { $max } characters)
events-answered-title = 📝 Title: <b>{ $value }</b>
events-ask-kind = What kind of event is it?
events-answered-kind = 🏷 Kind: <b>{ $value }</b>
events-ask-description = Describe the event (up to { $max } characters). You can skip this.
events-answered-description = 📄 Description: { $value }
events-answered-description-none = 📄 No description
events-ask-subjects = Which subjects is the event for? Tick up to { $max } and press "Done" (none ticked: for everyone).
events-answered-subjects = 📚 Subjects: { $value }
events-answered-subjects-none = 📚 For all subjects
events-ask-start = When does it start? The time is in your time zone: <b>{ $zone }</b>.
    For example: <code>25.12 18:00</code>, <code>25.12.2026 18:00</code>, <code>tomorrow 18:00</code>.
events-ask-new-start = The new start time, in your time zone: <b>{ $zone }</b>.
    For example: <code>25.12 18:00</code> or <code>tomorrow 18:00</code>.
events-answered-start = 🕒 Start: <b>{ $value }</b>
events-ask-duration = How long does the event last? For example: <code>90</code> (minutes), <code>1.5 hours</code>, <code>2 h</code>.
events-answered-duration = ⏱ Duration: { $value } min
events-ask-link = The link to join (only registered members will see it):
events-no-link = No link
events-answered-link = 🔗 { $value }
events-answered-link-none = 🔗 No link
events-ask-capacity = How many places? Type a number or press "No limit".
events-no-limit = No limit
events-answered-capacity = 👥 Places: { $value }
events-answered-capacity-none = 👥 No limit on places
events-ask-deadline = Until when is registration open? The time is in your time zone: <b>{ $zone }</b>. Or press "Until the start".
events-until-start = Until the start
events-answered-deadline = ⏳ Registration until: { $value }
events-answered-deadline-none = ⏳ Registration until the start
events-ask-speakers = Who are the speakers? You can skip this.
events-answered-speakers = 🎤 Speakers: { $value }
events-answered-speakers-none = 🎤 No speakers given
events-ask-reminders = 🔔 Reminders: { $current }. Keep them?
    Or type your own (at most { $max }), e.g. <code>2 days, 3 hours, 15 min</code> or <code>1d 2h 0</code> (0 means at the start); <code>no</code> for none.
events-reminders-keep = ✅ Keep as is
events-reminders-off = 🔕 No reminders
events-answered-reminders = 🔔 Reminders: { $value }
events-reminders-none = no reminders
events-reminder-at-start = at the start
events-reminder-before = { $value } before
events-and = and
events-unit-day = { $n } { $n ->
        [one] day
       *[other] days
    }
events-unit-hour = { $n } { $n ->
        [one] hour
       *[other] hours
    }
events-unit-minute = { $n } min
events-clear = 🗑 Clear
events-none = —
events-summary = <b>Check the event</b>

    📝 <b>{ $title }</b>
    🏷 { $kind }
    📚 { $subjects }
    🕒 { $start }
    ⏱ { $duration } min
    🔗 { $link }
    👥 { $capacity }
    ⏳ { $deadline }
    🎤 { $speakers }
    🔔 { $reminders }
events-summary-description = { $description }
events-create = ✅ Publish
events-create-cancelled = Creating the event was cancelled.
events-created = ✅ Event No. { $id } is published.
    🔑 Check-in code word: <code>{ $code }</code>
    Link to the card: { $link }
events-edit-cancelled = The change was cancelled.
events-edited = ✅ The event is changed. Participants will be notified.
events-edit-unchanged = Nothing changed.
events-ask-recording = Send the link to the recording. Registered members who could not come will get it.
events-recording-saved = ✅ The recording is added. Members to send it to: { $count }.
events-hours-invalid = The volume in academic hours is a whole number from 1 to { $max }.
events-checkin-annul-none = This member has no check-in at the event.
