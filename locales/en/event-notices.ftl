# Messages about events the bot sends by itself: reminders, cancellations,
# changes, a place from the waitlist, the recording, a feedback request.
# $time is the start in the member's own time zone. No "tomorrow" or "in an hour":
# after downtime a reminder can arrive late; the start time stays right.

event-notice-reminder-day = 🗓 <b>Reminder:</b> you are registered for “{ $title }”.
    Starts: { $time }.
event-notice-reminder-hour = ⏰ <b>Starting soon:</b> “{ $title }”.
    Starts: { $time }.
event-notice-reminder-start = ▶️ “{ $title }” is <b>starting</b>.
    Starts: { $time }.
    Check in with the button below once you have joined.
event-notice-reminder-custom = 🔔 <b>Reminder</b> of “{ $title }”.
    Starts: { $time }.
event-notice-link = 🔗 Link to join: { $url }
event-notice-checkin-button = ✅ I'm here
event-notice-cancelled = ❌ “{ $title }”, planned for { $time }, has been <b>cancelled</b>. We apologise.
event-notice-promoted = 🎉 A place became free: you are <b>registered</b> for “{ $title }”.
    Starts: { $time }.
event-notice-recording = 🎬 The recording of “{ $title }” is available: { $recording }
event-notice-changed = 🔄 “{ $title }” has changed. Starts: { $time }.
    The updated calendar file is attached.
event-notice-changed-waitlisted = 🔄 “{ $title }”, whose waitlist you are on, has changed. Starts: { $time }.
event-notice-feedback = 🙏 Thank you for attending “{ $title }”!
    Please rate it from 1 to 5 — it helps the organisers.
