# The results protocol of a contest (PDF, src/features/contests/contests.protocol-pdf.ts).
# Plain text, no tags: the values are printed as typed. Rendered in the community's language.

contests-protocol-title = Протокол подведения итогов конкурса «{ $contest }»
contests-protocol-community = Сетевое педагогическое сообщество «{ $community }»
contests-protocol-number = № { $number } от { $date }
contests-protocol-code = Код проверки: { $code }
contests-protocol-verify = Проверить подлинность: { $url }
contests-protocol-zone = Время указано по часовому поясу { $zone } ({ $offset }).

contests-protocol-section-dates = Сроки проведения
contests-protocol-submission = Приём работ: { $from } — { $to }
contests-protocol-judging = Работа жюри: { $from } — { $to }
contests-protocol-confirmed-on = Итоги утверждены: { $date }

contests-protocol-section-jury = Состав жюри
contests-protocol-juror = { $n }. { $name }
contests-protocol-juror-chair = { $n }. { $name } — председатель жюри
contests-protocol-juror-erased = член жюри удалил свои данные
contests-protocol-jury-empty = Жюри не назначено.

contests-protocol-section-entries = Поступившие работы
contests-protocol-received = Поступило работ: { $count }
contests-protocol-withdrawn = Отозвано авторами до окончания приёма: { $count }
contests-protocol-admitted = Допущено к оценке: { $count }
contests-protocol-disqualified = Дисквалифицировано (не подтверждено авторство): { $count }
contests-protocol-removed = Снято с конкурса решением организаторов: { $count }
contests-protocol-removal = { $code } — { $reason }
contests-protocol-outliers = Оценок, отклонившихся от медианы работы более чем на 30 %, передано председателю: { $count }

contests-protocol-section-rubric = Критерии оценивания
contests-protocol-rubric-code = №
contests-protocol-rubric-criterion = Критерий
contests-protocol-rubric-max = Макс. балл
contests-protocol-rubric-weight = Вес
contests-protocol-rubric-pass-fail = зачёт / незачёт
contests-protocol-rubric-pass-fail-note = незачёт дисквалифицирует работу
contests-protocol-rubric-tie-break = решает при равенстве баллов
contests-protocol-criterion-short = К{ $n }

contests-protocol-section-results = Результаты по номинациям
contests-protocol-results-legend = К1, К2, … — средний балл работы по критерию; «Итог» — балл работы (среднее оценок членов жюри с учётом весов; при пяти и более оценках без наибольшей и наименьшей).
contests-protocol-nomination = Номинация «{ $nomination }»
contests-protocol-nomination-continued = Номинация «{ $nomination }» (продолжение)
contests-protocol-nomination-empty = Работ в номинации нет.
contests-protocol-col-code = Код
contests-protocol-col-entry = Автор, работа
contests-protocol-col-score = Итог
contests-protocol-col-place = Место
contests-protocol-col-decision = Решение
contests-protocol-author-erased = участник удалил свои данные
contests-protocol-decision = { $decision ->
        [WINNER] победитель
        [PRIZE_WINNER] призёр
        [PARTICIPANT] участник
        [DISQUALIFIED] дисквалифицирована
        [REMOVED] снята организаторами
       *[NO_REVIEWS] нет оценок
    }
contests-protocol-no-value = —

contests-protocol-section-audience = Приз зрительских симпатий
contests-protocol-audience-intro = Голосование участников сообщества; его итоги не влияют на места, присуждённые жюри.
contests-protocol-audience-votes = Голосов в номинации: { $count }
contests-protocol-audience-winner = { $code } · { $author } · «{ $title }» — { $votes } { $votes ->
        [one] голос
        [few] голоса
       *[many] голосов
    }
contests-protocol-audience-none = Голосов не подано, приз не присуждён.
contests-protocol-audience-flagged = Подозрительных всплесков голосов передано организаторам: { $count }

contests-protocol-section-confirmation = Утверждение итогов
# The name stays in the nominative (names are not declined): «Председатель жюри: …».
contests-protocol-confirmation = Итоги конкурса утверждены председателем жюри { $date }. Председатель жюри: { $name }.
contests-protocol-confirmation-erased = Итоги конкурса утверждены председателем жюри { $date }.
contests-protocol-footer = Протокол № { $number } · код проверки { $code }
contests-protocol-page = стр. { $page } из { $pages }
