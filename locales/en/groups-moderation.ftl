# Group moderation: antiflood, newcomers, welcome, staff commands, reports, the ban list.

groups-newcomer-notice = 🧹 { $name }, during your first { $hours } h in the group links, media and forwards are not allowed — the message was deleted.
groups-flood-muted = 🔇 { $name } is sending messages too fast: messages deleted, muted for { $minutes } min.

groups-mod-staff-only = This command is for the community's moderators and admins only.
groups-mod-not-linked = This group is not linked to the community yet: send /link first.
groups-mod-not-supergroup = Restrictions do not work in a basic group: turn on chat history or topics in the group settings to make it a supergroup.
groups-mod-reply-needed = Send the command as a reply to the member's message (/ban and /unban also take a Telegram id: /unban 123456789).
groups-mod-service-message = That is a service message: reply to a message the member wrote.
groups-mod-target-anonymous = That message was sent on behalf of a channel or an anonymous admin: the command does not apply.
groups-mod-target-bot = The command does not apply to bots.
groups-mod-target-staff = Community moderators and admins cannot be punished this way.
groups-mod-target-self = The command does not apply to yourself.
groups-mod-telegram-refused = Telegram did not allow it: { $reason }

groups-warned = ⚠️ { $name } is warned ({ $count } of 3). Reason: { $reason }
groups-warned-muted = ⚠️ { $name } got a third warning ({ $count }) and is muted for 24 hours. Reason: { $reason }
groups-muted = 🔇 { $name } is muted for { $duration }. Reason: { $reason }
groups-unmuted = 🔊 { $name } can write again.
groups-banned = 🚫 { $name } is banned in every community group ({ $count } groups). Reason: { $reason }
groups-unbanned = ✅ { $name } is unbanned in every community group ({ $count } groups).
groups-not-banned = { $name } was not banned.

groups-duration-minutes = { $n } min
groups-duration-hours = { $n } h
groups-duration-days = { $n } d

groups-report-reply-needed = To report a message, send /report as a reply to it.
groups-report-sent = ✅ Report sent to the moderators.
groups-report-no-moderators = No moderator could be reached right now.
groups-report-notice =
    🚩 <b>Report</b> in the group “{ $group }”
    Author: { $target }
    <blockquote>{ $excerpt }</blockquote>
    { $link }
# The message's link in a report notice (a basic group's messages have none: the line is left out).
groups-report-link = <a href="{ $url }">Open the message</a>
groups-report-no-text = (no text)
groups-report-button-del = 🗑 Delete
groups-report-button-warn = ⚠️ Warn
groups-report-button-mute = 🔇 Mute 24 h
groups-report-button-ban = 🚫 Ban
groups-report-button-dis = ✖️ Dismiss
groups-report-decided =
    🚩 Report in the group “{ $group }”
    <blockquote>{ $excerpt }</blockquote>
    { $link }
    Decision: <b>{ $decision }</b> — { $by }
groups-report-decision-del = message deleted
groups-report-decision-warn = warning
groups-report-decision-mute = muted for 24 h
groups-report-decision-ban = banned in every group
groups-report-decision-dis = report dismissed
groups-report-done = Done: { $decision }.
groups-report-taken = Already decided: { $decision } ({ $by }).

groups-ban-card-button = 🚫 Group ban
groups-ban-card =
    <b>{ $name }</b>
    Community groups: { $banned }
groups-ban-card-is-banned = banned in every group
groups-ban-card-not-banned = not banned
groups-ban-card-ban = 🚫 Ban in every group
groups-ban-card-unban = ✅ Unban
groups-ban-card-back = ◀️ Back to the card
groups-ban-card-no-telegram = This member has no Telegram account in the bot.
groups-ban-card-banned = Banned ({ $count } groups).
groups-ban-card-unbanned = Unbanned ({ $count } groups).

groups-log-line = { $action } · { $group } · { $target } · { $actor } · { $reason }
groups-log-everywhere = every group
groups-log-bot = bot

groups-welcome =
    👋 Welcome, { $names }!
    Rules of “{ $title }”: stay on topic, respect colleagues, no ads or spam. During your first day links, media and forwards are not allowed. Report a violation with /report (as a reply).
groups-welcome-more = and { $count } more

audit-group-warn = group warning
audit-group-mute = group mute
audit-group-unmute = group unmute
audit-group-ban = ban in every group
audit-group-unban = unban in the groups
audit-group-flood-mute = antiflood: group mute
audit-group-report-decided = group report decided

## Command menus in groups

command-report = Report to the moderators (as a reply)
command-warn = Warn (as a reply; community moderators)
command-mute = Mute [30m|2h|1d] (as a reply)
command-unmute = Unmute (as a reply)
command-ban = Ban in every community group (as a reply)
command-unban = Unban (as a reply or by id)
command-link = Link the group to subjects
command-unlink = Unlink the group
