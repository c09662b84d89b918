# Announcements of a contest's phases: posts in subject groups and, if the organiser chose it, messages to the segment (issue 13)
contests-announce-open = 🏆 <b>A contest is open for entries</b>
    <b>{ $title }</b>
    🗂 Nominations: { $nominations }
    📥 Entries until { $closes }
    🏅 Results: { $results }
contests-announce-judging = 🏆 <b>Entries are closed, the jury is at work</b>
    <b>{ $title }</b>
    ⚖️ Judging until { $judging }
    🏅 Results: { $results }
contests-announce-judging-vote = 🗳 The audience vote is open until { $judging }
contests-announce-results = 🏆 <b>Contest results are out</b>
    <b>{ $title }</b>
    🗂 Nominations: { $nominations }
contests-announce-open-line = • <a href="{ $url }">{ $title }</a> — entries until { $closes }
contests-announce-judging-line = • <a href="{ $url }">{ $title }</a> — the jury is at work, results { $results }
contests-announce-results-line = • <a href="{ $url }">{ $title }</a> — results are out
contests-announce-open-batch = 🏆 <b>{ $count ->
    [one] A contest is open for entries
   *[other] { $count } contests are open for entries
}</b>
contests-announce-judging-batch = 🏆 <b>{ $count ->
    [one] Entries are closed for a contest
   *[other] Entries are closed for { $count } contests
}</b>
contests-announce-results-batch = 🏆 <b>{ $count ->
    [one] Contest results are out
   *[other] Results of { $count } contests are out
}</b>
contests-announce-button-open = 📝 Rules and entries
contests-announce-button-judging = 📖 Open the contest
contests-announce-button-vote = 🗳 Vote
contests-announce-button-results = 🏅 Results
contests-announce-withdrawn = 🗑 This contest was cancelled.
