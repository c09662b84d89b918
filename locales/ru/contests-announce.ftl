# Announcements of a contest's phases: posts in subject groups and, if the organiser chose it, messages to the segment (issue 13)
contests-announce-open = 🏆 <b>Открыт приём работ на конкурс</b>
    <b>{ $title }</b>
    🗂 Номинации: { $nominations }
    📥 Приём работ до { $closes }
    🏅 Итоги: { $results }
contests-announce-judging = 🏆 <b>Приём работ на конкурс завершён, работает жюри</b>
    <b>{ $title }</b>
    ⚖️ Оценка работ до { $judging }
    🏅 Итоги: { $results }
contests-announce-judging-vote = 🗳 Открыто зрительское голосование до { $judging }
contests-announce-results = 🏆 <b>Итоги конкурса опубликованы</b>
    <b>{ $title }</b>
    🗂 Номинации: { $nominations }
contests-announce-open-line = • <a href="{ $url }">{ $title }</a> — приём работ до { $closes }
contests-announce-judging-line = • <a href="{ $url }">{ $title }</a> — работает жюри, итоги { $results }
contests-announce-results-line = • <a href="{ $url }">{ $title }</a> — итоги опубликованы
contests-announce-open-batch = 🏆 <b>{ $count ->
    [one] Открыт приём работ на конкурс
   *[other] Открыт приём работ на конкурсы ({ $count })
}</b>
contests-announce-judging-batch = 🏆 <b>{ $count ->
    [one] Приём работ на конкурс завершён
   *[other] Приём работ завершён на конкурсах ({ $count })
}</b>
contests-announce-results-batch = 🏆 <b>{ $count ->
    [one] Итоги конкурса опубликованы
   *[other] Опубликованы итоги конкурсов ({ $count })
}</b>
contests-announce-button-open = 📝 Условия и подача работ
contests-announce-button-judging = 📖 Открыть конкурс
contests-announce-button-vote = 🗳 Голосовать
contests-announce-button-results = 🏅 Итоги
contests-announce-withdrawn = 🗑 Конкурс отменён.
