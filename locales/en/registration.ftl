step-back = ◀️ Back
step-cancel = ✖️ Cancel
step-done = ✔️ Done ({ $count })
step-skip = Skip ➡️
step-continue = Let's pick up where we left off.
step-already-answered = You have already answered this question — please answer the latest one below.
step-finished = This questionnaire is already over; its questions need no more answers.
step-use-buttons = Please choose an answer using the buttons under the question.
step-send-text = Please reply with text (or use the buttons under the question).

registration-welcome = Hello, { $name }! 👋
    This is the bot of the teachers' network community. Registration takes just a couple of minutes.
registration-step = <i>Step { $n } of { $total }</i>
registration-cancelled = Registration cancelled; your answers have not been saved. To start again: /start
registration-summary = <b>Please check your details</b>
registration-summary-confirmed = <b>Details confirmed</b>
registration-confirm = ✅ All correct, register me
registration-done = 🎉 Welcome to the community, { $name }!
    You can edit your profile at any time: /profile
registration-already = You're already registered. Main menu: /menu
registration-continue-link = You opened the bot via a link — continue from there:
registration-continue-button = Continue ➡️

consent-agree = ✅ I agree
consent-refuse = ❌ I don't agree
consent-given = ✅ Consent to the processing of personal data given.
consent-refused-short = ❌ Consent not given.
consent-refused = Without your consent to the processing of personal data, we can't register you in the community. We have kept only your Telegram ID and your refusal. If you change your mind, tap /start.
consent-document = <b>Consent to the Processing of Personal Data</b>
    (a separate document under Article 9 of Russian Federal Law No. 152-FZ “On Personal Data”)

    I, acting freely, of my own will and in my own interest, give my consent to the administration of the teachers' network community (hereinafter, the “Operator”) to process my personal data: surname, first name and patronymic; professional role; subjects and grades taught; region, locality and place of work; length of teaching experience; time zone; interface language; Telegram user ID and username.

    <b>Purpose of processing:</b> taking part in a professional community of teachers — maintaining my profile, selecting materials and events for my subjects, sending community announcements and reminders, issuing certificates. The date and version of this consent and the administrators' audit-log entries concerning me are stored together with the profile.

    <b>Actions with the data</b> (automated processing): collection, recording, systematization, accumulation, storage, clarification (updating), use, deletion. The data is not disclosed to third parties and is not published, except for the author's name on materials I publish.

    <b>Term:</b> this consent is valid until withdrawn. I may withdraw it at any time with the /forgetme command, and the data will then be deleted. To download all stored data: /mydata.
ask-full-name = What is your name? Please send your <b>full name</b>: first name and surname, plus your patronymic if you have one.
answered-full-name = 👤 Full name: <b>{ $value }</b>
ask-role = What is your role?
answered-role = 💼 Role: <b>{ $value }</b>
role-TEACHER = Teacher
role-METHODOLOGIST = Curriculum specialist (methodologist)
role-SCHOOL_LEADER = School leader
role-PRESCHOOL_EDUCATOR = Preschool educator
role-ADDITIONAL_EDUCATION_TEACHER = Extracurricular education teacher
role-STUDENT_TEACHER = Teacher training student
role-OTHER = Other
ask-subjects = Which subjects do you teach? Select one or more (up to { $max }) and tap “Done”.
answered-subjects = 📚 Subjects: <b>{ $value }</b>
ask-grades = Which grades do you work with? Select all that apply and tap “Done”.
answered-grades = 🎒 Grades: <b>{ $value }</b>
ask-region = Which region are you from? Choose it from the list or type its name (for example, “Tatarstan”).
ask-region-matches = Found { $count } matching { $count ->
        [one] region
       *[other] regions
    }. Choose yours:
region-show-all = 📋 Full list
answered-region = 🗺 Region: <b>{ $value }</b>
ask-city = Please send the name of your city, town or village.
answered-city = 🏙 City: <b>{ $value }</b>
ask-organisation = Send the name of your school or other workplace — or tap “Skip”.
answered-organisation = 🏫 Workplace: <b>{ $value }</b>
answered-organisation-none = 🏫 Workplace: not specified
ask-experience = How long have you been teaching? Send the number of full years (0 if you're just starting out).
answered-experience = 📈 Experience: <b>{ $years }</b> { $years ->
    [one] year
   *[other] years
}
ask-timezone = Is your time zone <b>{ $zone }</b> ({ $offset })? We need it so that event reminders reach you on time.
    Choose another one from the list or type the name of the zone, for example <code>Asia/Novosibirsk</code>.
timezone-keep = ✅ Keep { $zone }
answered-timezone = 🕒 Time zone: <b>{ $zone }</b> ({ $offset })
ask-language = Which language would you like to use the bot in?
answered-language = 🌐 Language: <b>{ $value }</b>

tz-europe-kaliningrad = Kaliningrad
tz-europe-moscow = Moscow
tz-europe-samara = Samara
tz-asia-yekaterinburg = Yekaterinburg
tz-asia-omsk = Omsk
tz-asia-novosibirsk = Novosibirsk
tz-asia-krasnoyarsk = Krasnoyarsk
tz-asia-irkutsk = Irkutsk
tz-asia-yakutsk = Yakutsk
tz-asia-vladivostok = Vladivostok
tz-asia-magadan = Magadan
tz-asia-kamchatka = Kamchatka

validation-name-short = The name is too short: it needs at least 2 letters.
validation-name-long = The name is too long: 100 characters at most.
validation-name-letters = A name can contain only letters, spaces, hyphens, apostrophes and dots. For example: Anna Ivanova.
validation-text-control = The text contains characters that aren't allowed.
validation-city-short = The name is too short: it needs at least 2 characters.
validation-city-long = The name is too long: 100 characters at most.
validation-city-letters = The name of a city, town or village must contain letters.
validation-organisation-short = The name is too short: it needs at least 2 characters.
validation-organisation-long = The name is too long: 200 characters at most.
validation-experience-number = Please send your experience as a number of full years, for example: 12.
validation-experience-range = Experience must be between 0 and 70 years.
validation-timezone = I don't know that time zone. Choose one with a button or type it like <code>Europe/Moscow</code>.
validation-subjects-empty = Select at least one subject.
validation-subjects-many = You can select up to { $max } { $max ->
        [one] subject
       *[other] subjects
    }.
validation-grades-empty = Select at least one option.
validation-role = Choose a role from the list.
validation-region = Choose a region from the list.
validation-region-not-found = No such region found. Try a different spelling or choose from the list.
registration-current-answer = Now: <b>{ $value }</b> — send a new answer or keep this one.
registration-keep-answer = ✅ Keep as it is
