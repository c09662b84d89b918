# Announcements of materials and events in subject groups (issue 11)
groups-announce-material = 📚 <b>New material in the library</b>
    <b>{ $title }</b>
    🗂 { $type } · 🎒 { $grades }
    👤 { $author }
groups-announce-event = 📅 <b>New event</b>
    <b>{ $title }</b>
    🏷 { $kind }
    🕒 { $start }
groups-announce-open-material = 📖 Open in the bot
groups-announce-open-event = 📖 Details and sign-up
groups-announce-material-batch = 📚 <b>{ $count ->
    [one] New material in the library
   *[other] { $count } new materials in the library
}</b>
groups-announce-event-batch = 📅 <b>{ $count ->
    [one] New event
   *[other] { $count } new events
}</b>
groups-announce-material-line = • <a href="{ $url }">{ $title }</a> — { $type }, { $grades } ({ $author })
groups-announce-event-line = • <a href="{ $url }">{ $title }</a> — { $kind }, { $start }
groups-announce-withdrawn = 🗑 This material was withdrawn.
groups-announce-discuss = 💬 Discuss in the group
groups-announce-unknown-author = a community member
