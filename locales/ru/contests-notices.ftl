# Сообщения о фазах конкурса (contests.notices.ts).
contests-notice-assigned = ⚖️ Вы в жюри конкурса «{ $title }». Вам назначено работ: { $count }. Оценки принимаются до { $until }.
    Работы обезличены: вы видите только код, номинацию и саму работу. Откройте /jury, чтобы начать.
contests-notice-no-jury = ⚠️ Приём работ на конкурс «{ $title }» закрыт, но жюри не назначено. Назначьте жюри в /contestadmin: работы будут распределены сразу.
contests-notice-no-entries = ⚠️ Приём работ на конкурс «{ $title }» закрыт: не подано ни одной работы. Жюри оценивать нечего; конкурс можно отменить в /contestadmin.
contests-notice-judging-closed = 🏁 Экспертиза конкурса «{ $title }» завершена. Итоги будут опубликованы { $results }: вы получите свои баллы, комментарии жюри и диплом.
contests-notice-confirm = 📋 Итоги конкурса «{ $title }» подсчитаны. Как председатель жюри, проверьте их (отмеченные оценки, равные баллы) и утвердите: /jury.
contests-notice-confirm-no-chair = 📋 Итоги конкурса «{ $title }» подсчитаны, но председатель жюри не назначен. Назначьте председателя в /contestadmin: он утвердит итоги.
contests-notice-overdue = ⏰ Дата подведения итогов конкурса «{ $title }» наступила, но итоги ещё не утверждены председателем жюри. Они будут опубликованы сразу после утверждения (/jury).
contests-notice-cancelled = ❌ Конкурс «{ $title }» отменён организаторами.
contests-notice-removed = 🚫 Ваша работа { $code } «{ $entry }» снята с конкурса «{ $title }» решением организаторов.
    Причина: { $reason }
contests-notice-results = 🏆 <b>Итоги конкурса «{ $title }»</b>
contests-notice-results-entry = <b>{ $code }</b> · { $title }
    { $outcome ->
        [WINNER] 🥇 Победитель ({ $place } место)
        [PRIZE_WINNER] 🥈 Призёр ({ $place } место)
        [PARTICIPANT] Участник
        [disqualified] Работа не допущена: жюри не подтвердило авторство
        [removed] Работа снята с конкурса организаторами: { $reason }
       *[none] Без оценки
    } · итоговый балл: { $score }
contests-notice-results-audience = 🗳 Приз зрительских симпатий (голосов: { $votes })
contests-notice-results-review = Эксперт { $n }: { $points } — всего { $total }
contests-notice-results-comment = 💬 { $comment }
contests-notice-results-diploma = Дипломы придут отдельным сообщением; их подлинность можно проверить по QR-коду. Протокол — в карточке конкурса (/contests).
contests-notice-results-more = Остальные работы — в карточке конкурса (/contests).
