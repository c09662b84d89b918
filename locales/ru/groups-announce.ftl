# Announcements of materials and events in subject groups (issue 11)
groups-announce-material = 📚 <b>Новый материал в библиотеке</b>
    <b>{ $title }</b>
    🗂 { $type } · 🎒 { $grades }
    👤 { $author }
groups-announce-event = 📅 <b>Новое мероприятие</b>
    <b>{ $title }</b>
    🏷 { $kind }
    🕒 { $start }
groups-announce-open-material = 📖 Открыть в боте
groups-announce-open-event = 📖 Подробнее и запись
groups-announce-material-batch = 📚 <b>{ $count ->
    [one] Новый материал в библиотеке
    [few] { $count } новых материала в библиотеке
   *[other] { $count } новых материалов в библиотеке
}</b>
groups-announce-event-batch = 📅 <b>{ $count ->
    [one] Новое мероприятие
    [few] { $count } новых мероприятия
   *[other] { $count } новых мероприятий
}</b>
groups-announce-material-line = • <a href="{ $url }">{ $title }</a> — { $type }, { $grades } ({ $author })
groups-announce-event-line = • <a href="{ $url }">{ $title }</a> — { $kind }, { $start }
groups-announce-withdrawn = 🗑 Материал снят с публикации.
groups-announce-discuss = 💬 Обсудить в группе
groups-announce-unknown-author = участник сообщества
