# Member digests: /subscriptions and the digest message itself.

command-subscriptions = Digest: new materials and events
digests-menu-button = 📬 Digest

digests-settings = 📬 <b>Community digest</b>
    New library materials and events in your subjects, in one message. When there is nothing new, no digest is sent.

    <b>How often:</b> { $frequency }
    <b>Subjects:</b> { $subjects }
    <b>Grades:</b> { $grades }

    { $next }
digests-frequency-WEEKLY = weekly, on Mondays at 10:00
digests-frequency-DAILY = daily at 10:00
digests-frequency-OFF = off
digests-as-in-profile = { $list } (as in my profile)
digests-none = none chosen
digests-next = Next digest: { $time }, if there is anything new.
digests-next-off = The digest is off. To get it again, choose how often.

digests-weekly-button = Weekly
digests-daily-button = Daily
digests-off-button = Turn off
digests-subjects-button = 📚 Subjects
digests-grades-button = 🎓 Grades
digests-profile-button = As in my profile
digests-back-button = « Back

digests-set-WEEKLY = The digest will come on Mondays at 10:00.
digests-set-DAILY = The digest will come every day at 10:00.
digests-set-OFF = The digest is off.

digests-subjects-title = 📚 <b>Digest subjects</b>
    Tick the subjects whose new materials and events you want to get. Events not tied to a subject come to everyone.

    { $mode }
digests-grades-title = 🎓 <b>Digest grades</b>
    Tick the grades: the digest includes materials for at least one of them.

    { $mode }
digests-mode-profile = Now: as in my profile. Change your profile, and the digest follows it.
digests-mode-own = Now: a list of its own. "As in my profile" brings back the choice from your profile.
digests-subjects-empty = Keep at least one subject. To use the subjects of your profile again, tap "As in my profile".
digests-grades-empty = Keep at least one grade. To use the grades of your profile again, tap "As in my profile".

digests-title = 📬 <b>Community digest</b>
    { $period ->
        [week] What's new this week in your subjects.
        [day] What's new today in your subjects.
       *[since] What's new in your subjects since { $since }.
    }
digests-materials-title = 📚 <b>New materials</b> ({ $count })
digests-material-line = { $n }. <a href="{ $url }">{ $title }</a> — { $subject }, { $type }
digests-materials-more = …and { $count } more in /library
digests-events-title = 📅 <b>New events</b> ({ $count })
digests-event-line = { $n }. <a href="{ $url }">{ $title }</a> — { $time }
digests-events-more = …and { $count } more in /events
digests-footer = How often, which subjects and grades: /subscriptions.
