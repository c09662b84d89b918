# Groups: join requests (only registered teachers get in).

groups-gate-register-first =
    👋 You asked to join the group “<b>{ $group }</b>”.
    The community's groups are open to registered teachers only. Register in the bot (it takes a couple of minutes) and your request will be approved automatically.
groups-gate-register-button = Register
groups-gate-you-are-in = ✅ You are in: “<b>{ $group }</b>”.
groups-gate-open-group = Open the group
groups-gate-manual-notice =
    🚪 Request to join “<b>{ $group }</b>”
    Who: { $name } ({ $username }, id { $id })
groups-gate-approve = ✅ Approve
groups-gate-decline = ❌ Decline
groups-gate-decided-approved = ✅ Approved by { $name }
groups-gate-decided-declined = ❌ Declined by { $name }
groups-gate-decided-approved-auto = ✅ Approved
groups-gate-decided-declined-auto = ❌ Declined automatically (48 hours)
groups-gate-approved-toast = Request approved.
groups-gate-declined-toast = Request declined.
groups-gate-gone = The request is gone: the user withdrew it or is in the group already.
groups-gate-already-decided = This request has been decided already.
groups-gate-already-decided-by = Already decided by { $name }.
groups-gate-link-unknown = This group link no longer works.
groups-gate-link-waiting = Your request to join “<b>{ $group }</b>” is waiting for a moderator.
groups-gate-link-banned = You cannot join “<b>{ $group }</b>”: the community's groups are closed to you.
groups-gate-link-not-eligible = Your request to join “<b>{ $group }</b>” cannot be approved yet: check that you are registered and have not blocked the bot.
groups-gate-link-request = To join “<b>{ $group }</b>”, send a request through the group's link: it will be approved at once.
audit-group-join-approve = approved a group join request
audit-group-join-decline = declined a group join request
