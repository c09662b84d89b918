# Зрительское голосование конкурса (contests.votes.feature.ts).
contests-vote-open = 🗳 <b>Зрительское голосование</b> · «{ $title }»
    Голосование открыто до { $until }. Один голос в каждой номинации; за свою работу голосовать нельзя. Итоги голосования скрыты до его окончания; это отдельный приз, он не влияет на места жюри.
contests-vote-closed = 🗳 <b>Зрительское голосование</b> · «{ $title }»
    Голосование завершено.
contests-vote-choose-nomination = Выберите номинацию:
contests-vote-pick = Номинация «{ $nomination }»: откройте работу и проголосуйте за ту, что понравилась больше всего.
contests-vote-voted = Номинация «{ $nomination }»: ваш голос учтён (✅). Изменить его нельзя.
contests-vote-no-entries = В этой номинации нет допущенных работ.
contests-vote-results = Итоги в номинации «{ $nomination }»:
contests-vote-count-line = { $prize ->
        [yes] 🏆
       *[no] •
    } { $code } · { $title } — { $votes }
contests-vote-entry = <b>{ $code }</b> · { $title }
    Номинация: { $nomination }
contests-vote-entry-link = Ссылка: { $url }
contests-vote-entry-files = 📎 Файлов: { $count }
contests-vote-your-choice = ✅ Вы проголосовали за эту работу.
contests-vote-already-other = Вы уже проголосовали в этой номинации за другую работу.
contests-vote-show-files = 📎 Показать файлы
contests-vote-button = 🗳 Голосовать за эту работу
contests-vote-back = ⬅️ Назад
contests-vote-outcome-accepted = Ваш голос учтён. Спасибо!
contests-vote-outcome-repeat = Вы уже голосовали в этой номинации: учитывается один голос.
contests-vote-outcome-own = За свою работу голосовать нельзя.
contests-vote-outcome-ineligible = Голосовать могут участники, зарегистрированные до начала голосования.
contests-vote-outcome-closed = Голосование уже закрыто.
contests-vote-outcome-gone = Эта работа не участвует в голосовании.
contests-vote-none = В этом конкурсе нет зрительского голосования.
contests-vote-not-yet = Голосование начнётся после окончания приёма работ.
contests-vote-entry-gone = Эта работа не участвует в голосовании.
contests-vote-to-contest = ⬅️ К конкурсу
