moderation-card-header = 🛡 <b>Moderation</b> · in the queue: { $pending } · #{ $id } · { $created }
moderation-approve = ✅ Publish
moderation-reject = ❌ Reject
moderation-changes = ✏️ Request changes
moderation-skip = ⏭ Skip
moderation-queue-empty = 🎉 The moderation queue is empty.
moderation-next = Still in the queue: { $pending }.
moderation-open-next = ▶️ Next material
moderation-skipped = ⏭ Material #{ $id } skipped.
moderation-done-approve = ✅ Material #{ $id } has been published.
moderation-done-reject = ❌ Material #{ $id } has been rejected; the author has been notified.
moderation-done-changes = ✏️ Material #{ $id } has been sent back to the author for changes.
moderation-done-unpublish = 🚫 Material #{ $id } has been unpublished; the author has been notified.
moderation-ask-reject = Why is material #{ $id } being rejected? The author will see this text.
moderation-ask-changes = What needs fixing in material #{ $id }? The author will see this text.
moderation-ask-unpublish = Why is material #{ $id } being unpublished? The author will see this text.
moderation-answered-note = 📝 { $value }
moderation-note-cancelled = No decision was made; the material is unchanged.
moderation-reason-not-teaching = Not a teaching or methodological material
moderation-reason-copyright = Copyright infringement
moderation-reason-duplicate = This material is already in the library
moderation-reason-quality = Poor presentation quality
moderation-reason-wrong-subject = Wrong subject or grades
moderation-reason-ads = Advertising
moderation-reason-other = ✍️ Another reason…
moderation-unpublish = 🚫 Unpublish
moderation-delete = 🗑 Delete
moderation-delete-yes = 🗑 Yes, delete the material
moderation-deleted = 🗑 Material deleted.
moderation-delete-comment = 🗑 Delete the comment
moderation-comment-deleted = Comment deleted.
moderation-dismiss = ✔️ Reports are unfounded
moderation-dismissed = Reports closed: { $count }.
moderation-reports-waiting = ⚠️ Reports awaiting a decision: { $count }.
moderation-open-reports = ⚠️ Open reports
moderation-reports-empty = There are no open reports.
moderation-report-material = ⚠️ <b>Reports on the material</b> “{ $title }”
    Reported by: { $reporters }
    { $reasons }
moderation-report-comment = ⚠️ <b>Reports on a comment</b> on “{ $title }”:
    <i>{ $comment }</i>
    Reported by: { $reporters }
    { $reasons }
