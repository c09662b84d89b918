admin-only = This command is only available to community administrators.
admin-menu = <b>Administration</b>
    Find a member to change their role, or open the audit log.
admin-find-button = 🔎 Find a member
admin-audit-button = 📜 Audit log
admin-find-again = 🔎 Search again
admin-back-to-menu = ◀️ Back to the admin menu
admin-find-prompt = Send a name, @username, Telegram ID or member number.
admin-find-asked = 🔎 Search: <b>{ $query }</b>
admin-find-cancelled = Search cancelled.
admin-search-bad-query = Please send between 1 and 100 characters.
admin-search-empty = No one found for “{ $query }”.
admin-search-results = { $count ->
        [one] Found { $count } member
       *[other] Found { $count } members
    } for “{ $query }”. Choose one:
admin-member-no-name = Member #{ $id }
admin-member-card = <b>{ $name }</b>
    Telegram: { $username } · ID <code>{ $telegramId }</code>
    Member number: { $id }
    Role: <b>{ $role }</b>
    Status: { $status }
admin-member-active = active
admin-member-inactive = bot blocked by the member
admin-make-MEMBER = ⬇️ Make a member
admin-make-MODERATOR = 🛡 Make a moderator
admin-make-ADMIN = 👑 Make an administrator
admin-confirm-role = Change the role of <b>{ $name }</b>: { $from } → <b>{ $to }</b>?
admin-confirm-yes = ✅ Yes, change it
admin-confirm-no = Cancel
admin-role-changed = Role changed.
admin-member-not-found = Member not found (they may have deleted their data).
admin-role-self = You can't change your own role.
admin-role-changed-meanwhile = Another administrator has already changed this member's role. Please open their card again.
admin-role-configured = This administrator is set in the bot's configuration (ADMIN_IDS), so their role can only be changed there.
admin-card-self = <i>This is you: you cannot change your own role.</i>
admin-card-configured = <i>An administrator from the bot's configuration (ADMIN_IDS): their role can only be changed there.</i>
admin-audit-title = <b>Audit log</b> · page { $page } of { $pages } · { $total } { $total ->
        [one] entry
       *[other] entries
    }
admin-audit-empty = No entries yet.
admin-audit-line = { $at } · { $actor }: { $action } { $target }
admin-audit-system = system
audit-role-change = changed the role from { $from } to { $to } for
audit-role-bootstrap = granted the administrator role (ADMIN_IDS) to
audit-member-forget = deleted their personal data
audit-material-approve = published a material by
audit-material-reject = rejected a material by
audit-material-changes = requested changes to a material by
audit-material-unpublish = unpublished a material by
audit-material-delete = deleted a material by
audit-material-edit = edited a material by
audit-comment-delete = deleted a comment by
audit-report-dismiss = dismissed reports as unfounded
audit-event-create = created an event
audit-event-edit = edited an event
audit-event-cancel = cancelled an event
audit-event-recording = added the recording of an event
audit-event-hours = set an event's academic hours
audit-event-checkin-annul = annulled a check-in
audit-document-revoke = revoked a document
audit-document-reissue = reissued a document
audit-document-name-consent = changed the consent to publish the name
audit-settings-change = changed a community setting
audit-broadcast-create = sent a broadcast
audit-broadcast-cancel = cancelled a broadcast
audit-contest-create = contest created
audit-contest-dates = contest dates changed
audit-contest-cancel = contest cancelled
audit-contest-juror-add = contest juror appointed:
audit-contest-juror-remove = removed from a contest jury:
audit-contest-chair = contest jury chair appointed:
audit-contest-remind = reminder to a juror:
audit-contest-entry-remove = contest entry removed by the organisers; its author:
audit-contest-tie-break = the jury chair ordered tied entries
audit-contest-confirm = confirmed the results of a contest
