# Subject groups: linking (/link, /unlink), topics and rules, the directory (/groups), settings (/groupsettings).

command-groups = Subject groups
command-groupsettings = Group settings
groups-menu-button = 💬 Groups
groups-settings-menu-button = 🛠 Group settings

audit-group-link = linked a group to subjects
audit-group-unlink = unlinked a group
audit-group-settings = changed a group's settings

## /link and /unlink in a group (texts in the group's language)

groups-staff-only = Only community moderators and admins can do this.
groups-link-not-supergroup = Make this group a supergroup first (e.g. switch on "Chat history for new members" or topics): join requests, restrictions and topics only work in supergroups. Then send /link again.
groups-link-nothing-chosen = Choose at least one subject or "General".
groups-link-choose =
    <b>Linking the group "{ $title }"</b>
    Choose the group's subjects (several are fine) or "General", then press "Done".
groups-link-choose-again =
    <b>The group "{ $title }" is already linked</b>
    Change its subjects and press "Done".
groups-link-general-button = General (all subjects)
groups-link-done-button = ✔️ Done
groups-link-cancel-button = Cancel
groups-link-general = all subjects
groups-link-cancelled = Linking cancelled; nothing changed.
groups-linked = ✅ The group "{ $title }" is linked: { $subjects }.
groups-linked-topics = Topics: { $created } created, { $adopted } found from before.
groups-linked-topics-failed = ⚠️ Some topics could not be created: check the "Manage topics" right.
groups-linked-invite = The join-request link is ready; the bot lets registered teachers in.
groups-linked-no-invite = ⚠️ Could not create the join link: check the "Invite users" right.
groups-invite-link-name = Teachers community
groups-topic-materials = 📚 Materials
groups-topic-events = 📅 Events
groups-topic-questions = ❓ Questions
groups-rules =
    📌 <b>Rules of "{ $title }"</b>
    1. This group is for the community's teachers: register in the bot to join.
    2. Respect your colleagues, stay on topic, no ads or spam.
    3. For the first { $hours } h after joining, links, media and forwards are deleted automatically.
    4. If a message breaks the rules, reply to it with /report and the moderators will see it.
groups-unlink-not-linked = This group is not linked.
groups-unlinked = The group "{ $title }" is unlinked: the bot no longer admits join requests or posts announcements here.

## /groups (private chat)

groups-directory-title = <b>Subject groups</b>
groups-directory-empty = There are no groups yet.
groups-directory-general = all subjects
groups-directory-join-button = Join: { $title }

## /groupsettings (admins, private chat)

groups-admins-only = Only community admins can use this.
groups-settings-list = <b>Groups</b>: choose a group to change its settings.
groups-settings-list-empty = No linked groups yet. Add the bot to a group with the button below and send /link there.
groups-settings-add-button = ➕ Add the bot to a group
groups-settings-group =
    <b>{ $title }</b> · { $status }
    Joining: { $policy }
    Language: { $locale }
    Newcomers: { $hours } h
    Antiflood: { $messages } messages in { $seconds } s, mute { $minutes } min
groups-status-active = active
groups-status-missing-rights = ⚠️ rights missing
groups-status-inactive = 💤 the bot was removed
groups-policy-r = registered teachers only
groups-policy-a = anyone
groups-policy-m = manual, by moderators
groups-policy-r-button = Teachers
groups-policy-a-button = Anyone
groups-policy-m-button = Manual
groups-locale-ru-button = Русский
groups-locale-en-button = English
groups-hours-button = { $hours } h
groups-flood-button = { $messages }/{ $seconds } s
groups-mute-button = { $minutes ->
        [10] 10 min
        [60] 1 h
        [360] 6 h
        [1440] 1 day
       *[other] { $minutes } min
    }
groups-switch-w-button = Welcome
groups-switch-am-button = Materials
groups-switch-ae-button = Events
groups-stats-button = 📊 Statistics
groups-back-button = ← Back
groups-settings-saved = Saved.
groups-stats-title =
    <b>{ $title }</b>: the last 7 days
    Joined { $joins }, left { $leaves }, messages { $messages }, moderation actions { $actions }.
groups-stats-day = { $day }: +{ $joins } −{ $leaves } · 💬 { $messages } · 🛡 { $actions }
groups-not-found = This group is no longer linked.
