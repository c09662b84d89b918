profile-title = <b>Your profile</b>
profile-card = 👤 <b>{ $fullName }</b>
    💼 { $role }
    📚 Subjects: { $subjects }
    🎒 Grades: { $grades }
    🗺 Region: { $region }
    🏙 City: { $city }
    🏫 Workplace: { $organisation }
    📈 Experience: { $experience } { $experience ->
        [one] year
       *[other] years
    }
    🕒 Time zone: { $timezone } ({ $offset })
profile-not-set = not specified
profile-updated = ✅ Profile updated.
profile-edit-cancelled = Editing cancelled; your profile hasn't changed. /profile
profile-edit-fullName = ✏️ Full name
profile-edit-professionalRole = ✏️ Role
profile-edit-subjectCodes = ✏️ Subjects
profile-edit-gradeCodes = ✏️ Grades
profile-edit-regionCode = ✏️ Region
profile-edit-city = ✏️ City
profile-edit-organisation = ✏️ Workplace
profile-edit-experienceYears = ✏️ Experience
profile-edit-timezone = ✏️ Time zone
language-choose = Choose the interface language:
language-set = ✅ Interface language: English.
profile-region-changed = Region changed. Please check your time zone: reminders and digests follow it.
