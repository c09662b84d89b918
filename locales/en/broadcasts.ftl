## Broadcasts: /broadcast, /broadcasts

broadcasts-forbidden = Broadcasts are for community administrators (and moderators, if an administrator allowed it in /settings).
broadcasts-ask-message = 📣 <b>New broadcast</b>

    Send the message exactly as members should see it: formatted text, a photo, video, document, audio, poll, or an album with a caption. The bot copies it to every recipient unchanged.
broadcasts-ask-album = 📣 Album parts received: { $count } (at most { $max }). Send the rest or tap “Done”.
broadcasts-album-done = ✅ Done, that is the whole album
broadcasts-answered-message = 📣 Message for the broadcast received.
broadcasts-answered-album = 📣 Album for the broadcast received: { $count } parts.
broadcasts-message-protected = This message is protected from copying and cannot be broadcast. Send its content again as a normal message.
broadcasts-message-uncopyable = This kind of message cannot be broadcast as a copy (service messages, dice, invoices, games, stories, paid media). Send text, a photo, video, document, audio, poll or album.
broadcasts-message-quiz = A quiz cannot be broadcast as a copy: the bot does not know its right answer. Send a regular poll or text.
broadcasts-album-too-long = An album can have at most { $max } parts.
broadcasts-message-invalid = The message to broadcast was not found. Start again: /broadcast
broadcasts-ask-audience = 👥 <b>Who should get it?</b>

    { $audience }

    Choose subjects, grades, regions, positions or an event's participants. Within a group any of the chosen values matches; groups together narrow the audience.
broadcasts-dim-subjects = 📚 Subjects ({ $count })
broadcasts-dim-grades = 🎓 Grades ({ $count })
broadcasts-dim-regions = 🗺 Regions ({ $count })
broadcasts-dim-roles = 👩‍🏫 Positions ({ $count })
broadcasts-dim-event = 📅 Event participants
broadcasts-dim-event-chosen = 📅 Event participants ✅
broadcasts-dim-everyone = ♻️ Reset: all members
broadcasts-audience-continue = ➡️ Count recipients
broadcasts-pick-done = ⬅️ Done ({ $count } chosen)
broadcasts-ask-subjects = 📚 Choose subjects. Now:
    { $audience }
broadcasts-ask-grades = 🎓 Choose grades. Now:
    { $audience }
broadcasts-ask-regions = 🗺 Choose regions. Now:
    { $audience }
broadcasts-regions-type = You can type part of a region's name, for example <code>Tatar</code>.
broadcasts-regions-short = Type at least two letters of the region's name.
broadcasts-regions-none = No region matches. Try another part of the name.
broadcasts-ask-roles = 👩‍🏫 Choose positions. Now:
    { $audience }
broadcasts-ask-event = 📅 Participants of which event (registered and waitlisted)?
broadcasts-ask-event-none = 📅 There are no upcoming events.
broadcasts-event-none = ✖️ No event
broadcasts-answered-audience = 👥 Recipients:
    { $audience }
broadcasts-audience-everyone = all community members
broadcasts-audience-subjects = Subjects: { $list }
broadcasts-audience-grades = Grades: { $list }
broadcasts-audience-regions = Regions: { $list }
broadcasts-audience-roles = Positions: { $list }
broadcasts-audience-event = Participants of “{ $title }”
broadcasts-audience-invalid = That choice of recipients is not available. Open /broadcast again.
broadcasts-audience-empty = No member matches this choice. Change the recipients: for example, remove a region or add subjects.
broadcasts-preview = 👀 <b>This is what recipients will see:</b>
broadcasts-confirm-title = 📣 <b>Check the broadcast</b>
broadcasts-confirm-recipients = 👥 Recipients right now: { $count }
broadcasts-confirm-now = 🕒 Sending: right after you confirm
broadcasts-confirm-at = 🕒 Sending: { $time }
broadcasts-confirm-paid = ⭐ Paid mode: up to { $rate } messages per second; Telegram charges about { $stars } ⭐ (0.1 ⭐ per message beyond the free limit).
broadcasts-confirm-send = ✅ Send now
broadcasts-confirm-schedule = ✅ Schedule
broadcasts-choose-time = 🕒 Choose a time
broadcasts-change-time = 🕒 Another time
broadcasts-send-now-instead = ⚡ Send now instead
broadcasts-change-audience = 👥 Change recipients
broadcasts-ask-time = 🕒 When should it go out? Type a date and time (time zone: { $zone }), for example <code>{ $example }</code>, <code>tomorrow 10:00</code>, <code>25.12 09:30</code>.
broadcasts-answered-time = 🕒 Sending: { $time }
broadcasts-time-past = That time has passed. Give a time in the future.
broadcasts-time-far = A broadcast can be scheduled at most a year ahead.
broadcasts-already-sent = This message has already been broadcast (broadcast #{ $id }). To broadcast it again, send it anew: /broadcast
broadcasts-cancelled = No broadcast was created.
broadcasts-not-found = Broadcast not found.
broadcasts-already-cancelled = This broadcast is already cancelled.
broadcasts-cannot-cancel = The broadcast has finished; there is nothing to stop.
broadcasts-cancel-button = ⛔ Stop the broadcast
broadcasts-cancel-done = Broadcast #{ $id } stopped. What was already sent stays with its recipients.
broadcasts-card-title-SCHEDULED = 🕒 <b>Broadcast #{ $id }</b> · scheduled
broadcasts-card-title-SENDING = 📤 <b>Broadcast #{ $id }</b> · sending
broadcasts-card-title-DONE = ✅ <b>Broadcast #{ $id }</b> · finished
broadcasts-card-title-CANCELLED = 🚫 <b>Broadcast #{ $id }</b> · cancelled
broadcasts-card-title-starting = 📤 <b>Broadcast #{ $id }</b> · starting
broadcasts-card-summary = “{ $summary }”
broadcasts-card-author = Author: { $name }
broadcasts-card-audience = Recipients: { $audience }
broadcasts-card-recipients = Recipients when confirmed: { $count }
broadcasts-card-scheduled = Starts: { $time }
broadcasts-card-started = Started: { $time }
broadcasts-card-was-scheduled = Was scheduled for: { $time }
broadcasts-card-paid = ⭐ Paid mode (allow_paid_broadcast)
broadcasts-card-stats = ✅ Delivered: { $sent } · 🚫 Blocked the bot: { $blocked } · ❌ Failed: { $failed } · ⏭ Skipped: { $skipped }
broadcasts-card-remaining = ⏳ Remaining: { $remaining }
broadcasts-card-remaining-eta = ⏳ Remaining: { $remaining }, about { $eta }
broadcasts-card-finished = Finished: { $time }
broadcasts-eta-seconds = { $n } s
broadcasts-eta-minutes = { $n } min
broadcasts-eta-hours = { $h } h { $m } min
broadcasts-final-done = ✅ Broadcast #{ $id } finished: { $sent } delivered, { $blocked } blocked the bot, { $failed } failed.
broadcasts-final-cancelled = 🚫 Broadcast #{ $id } stopped: { $sent } delivered before that, { $blocked } blocked the bot, { $failed } failed.
broadcasts-history-empty = No broadcasts yet. New one: /broadcast
broadcasts-history-title = 📣 <b>Broadcasts</b> · page { $page } of { $pages } · { $total } in all
broadcasts-history-line = { $mark } <b>#{ $id }</b> · { $time } · { $author }
    “{ $summary }”
    👥 { $audience }
    { $recipients } recipients · ✅ { $sent } · 🚫 { $blocked } · ❌ { $failed }
broadcasts-history-back = ⬅️ Back to the list
