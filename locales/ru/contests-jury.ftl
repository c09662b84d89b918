# Contests: the jury's work (blind review by a rubric, comments, conflicts) and the chair's results screen.

command-jury = Жюри конкурсов
# The letter of anonymous entry codes («К-017»); the same as contests-code-letter.
contests-jury-code-letter = К

# /jury
contests-jury-none = Вы не входите в жюри ни одного конкурса. Когда организаторы включат вас в жюри, конкурс появится здесь.
contests-jury-list-title = ⚖️ <b>Конкурсы, где вы в жюри</b>
contests-jury-list-line = { $n }. <b>{ $title }</b>{ $chair ->
    [yes] {" "}(вы председатель)
   *[no] {""}
}
    { $phase }
    Работ у вас: { $assigned }, оценено: { $submitted }, осталось: { $left }
contests-jury-phase-before = Приём работ идёт до { $time }; оценивание начнётся после.
contests-jury-phase-judging = Оценки принимаются до { $time }.
contests-jury-phase-confirming = Оценивание завершено; председатель утверждает итоги.
contests-jury-phase-confirmed = Оценивание завершено; итоги утверждены и ждут публикации.
contests-jury-phase-published = Итоги опубликованы.
contests-jury-results-button = 📊 Итоги (председатель): конкурс { $n }
contests-jury-results-open-button = 📊 Итоги (председатель)
contests-jury-back-contests-button = ⬅️ Мои конкурсы

# The queue
contests-jury-queue-title = ⚖️ <b>{ $title }</b>: ваши работы
contests-jury-queue-empty = Вам пока не назначено ни одной работы.
contests-jury-queue-counts = Оценено { $submitted } из { $total }.
contests-jury-queue-conflicts = Конфликт интересов заявлен: { $codes }.
contests-jury-queue-hint = Работы показаны только по анонимным кодам. 🆕 — не начата, ✏️ — начата, ✅ — отправлена.
contests-jury-back-queue-button = 📋 К списку работ

# The entry (blind)
contests-jury-entry-head = 📄 <b>Работа { $code }</b>
    Конкурс: { $contest }
    Номинация: { $nomination }
contests-jury-entry-title = <b>{ $title }</b>
contests-jury-entry-description = { $description }
contests-jury-entry-link = 🔗 <a href="{ $url }">{ $shown }</a>
contests-jury-entry-link-plain = 🔗 { $url }
contests-jury-entry-text = 📝 Текст работы:
    { $text }
contests-jury-entry-text-long = (Текст длинный: целиком он отправлен отдельным сообщением.)
contests-jury-entry-full-text = 📝 <b>Текст работы { $code }</b>

    { $text }
contests-jury-entry-files = 📎 Файлов: { $count } (отправлены выше, без подписей).
contests-jury-state-new = Ваша оценка: ещё не начата.
contests-jury-state-draft = Ваша оценка: оценено критериев { $scored } из { $count }, не отправлена.
contests-jury-state-submitted = Ваша оценка отправлена: { $total } из { $max }.
contests-jury-deadline = Оценку можно отправить и изменить до { $time }.
contests-jury-closed-note = Окно оценивания закрыто: оценку больше нельзя изменить.
contests-jury-score-button = ✍️ Оценить
contests-jury-continue-button = ✍️ Продолжить оценку
contests-jury-edit-button = ✏️ Изменить оценку
contests-jury-summary-button = 🧾 Моя оценка
contests-jury-files-button = 📎 Файлы ещё раз ({ $count })
contests-jury-conflict-button = ⚠️ Конфликт интересов
contests-jury-to-entry-button = 📄 К работе

# Scoring, one criterion per screen
contests-jury-criterion-head = Работа { $code } · Критерий { $n } из { $count }
contests-jury-criterion-title = <b>{ $title }</b>
contests-jury-criterion-scale = Поставьте от 0 до { $max } баллов.{ $weighted ->
    [yes] {" "}Вес критерия: ×{ $weight }.
   *[no] {""}
}
contests-jury-criterion-passfail = Зачёт или незачёт. Незачёт большинством жюри снимает работу с конкурса.
contests-jury-criterion-current = Сейчас: { $points }.
contests-jury-criterion-current-passfail = Сейчас: { $passed ->
    [yes] зачтено
   *[no] не зачтено
}.
contests-jury-pass-button = ✅ Зачтено
contests-jury-fail-button = ❌ Не зачтено
contests-jury-back-button = ⬅️ Назад
contests-jury-to-summary-button = ⏭ К итогу
contests-jury-next-button = Дальше ➡️

# The comment
contests-jury-comment-head = 💬 <b>Комментарий к работе { $code }</b>: пришлите его одним сообщением (до { $max } символов). Участник увидит его без вашего имени.
contests-jury-comment-required-note = ⚠️ Итог очень низкий или очень высокий (меньше 30 % или больше 90 % максимума): комментарий обязателен.
contests-jury-comment-optional-note = Комментарий по желанию, но он очень помогает участнику.
contests-jury-comment-current = Сейчас: { $comment }
contests-jury-comment-write-button = ✍️ Написать комментарий
contests-jury-comment-change-button = ✍️ Изменить комментарий
contests-jury-ask-comment = Напишите комментарий к работе одним сообщением (до { $max } символов).
contests-jury-answered-comment = 💬 { $value }
contests-jury-comment-unchanged = Комментарий не изменён.

# The summary
contests-jury-summary-head = 🧾 <b>Ваша оценка работы { $code }</b>
contests-jury-summary-row = { $n }. { $title } — { $points } из { $max }{ $weighted ->
    [yes] {" "}(×{ $weight })
   *[no] {""}
}
contests-jury-summary-passfail = { $n }. { $title } — { $state ->
    [pass] ✅ зачтено
    [fail] ❌ не зачтено
   *[none] —
}
contests-jury-summary-total = <b>Итого: { $total } из { $max }</b>
contests-jury-summary-comment = 💬 { $comment }
contests-jury-summary-no-comment = 💬 Без комментария.
contests-jury-summary-submitted = ✅ Оценка отправлена. Её можно изменить до закрытия окна оценивания; изменённую оценку нужно отправить снова.
contests-jury-summary-missing = Не оценено критериев: { $missing }.
contests-jury-summary-comment-required = ⚠️ Добавьте комментарий: при таком итоге он обязателен.
contests-jury-summary-ready = Всё готово: проверьте и отправьте оценку.
contests-jury-submit-button = 📨 Отправить оценку
contests-jury-change-button = ✏️ Изменить
contests-jury-comment-button = 💬 Комментарий
contests-jury-submitted = Оценка отправлена. Спасибо!
contests-jury-submitted-already = Эта оценка уже отправлена.

# Conflict of interest
contests-jury-conflict-ask = ⚠️ <b>Конфликт интересов по работе { $code }?</b>

    Заявите его, если вы можете знать автора или заинтересованы в результате. Работа будет передана другому члену жюри, а к вам больше не вернётся. Отменить это нельзя.
contests-jury-conflict-yes-button = ⚠️ Да, заявляю конфликт интересов
contests-jury-cancel-button = Отмена
contests-jury-conflict-done = Конфликт интересов отмечен: работа будет передана другому члену жюри.

# Errors
contests-jury-not-juror = Вы не входите в жюри этого конкурса.
contests-jury-review-not-yours = Эта работа вам не назначена.
contests-jury-chair-only = Это может сделать только председатель жюри.
contests-jury-closed = Окно оценивания закрыто: оценки больше не меняются.
contests-jury-conflict-declared = По этой работе вы заявили конфликт интересов.
contests-jury-conflict-submitted = Конфликт интересов можно заявить только до отправки оценки.
contests-jury-criterion-unknown = Такого критерия нет в этом конкурсе.
contests-jury-points-invalid = Баллы должны быть целым числом от 0 до { $max }.
contests-jury-comment-long = Комментарий длиннее { $max } символов — сократите его.
contests-jury-criteria-missing = Сначала оцените все критерии (не оценено: { $missing }).
contests-jury-comment-required = При таком итоге нужен комментарий: добавьте его перед отправкой.
contests-jury-not-confirming = Итоги можно утверждать только после окончания оценивания и до публикации.
contests-jury-ties-unresolved = Есть неразрешённые ничьи ({ $ties }): сначала укажите порядок работ.
contests-jury-already-confirmed = Итоги уже утверждены.
contests-jury-tie-gone = Этой ничьей больше нет: откройте итоги заново.

# The chair
contests-jury-draft-title = 📊 <b>Итоги: { $title }</b> (черновик председателя)
contests-jury-draft-nomination = <b>Номинация «{ $title }»</b>
contests-jury-draft-empty = Нет оценённых работ.
contests-jury-draft-line = { $place }. { $code } — { $score } (оценок: { $reviews }){ $award ->
    [WINNER] {" "}🥇 победитель
    [PRIZE_WINNER] {" "}🥈 призёр
    [PARTICIPANT] {" "}участник
   *[none] {""}
}
contests-jury-draft-outlier = ⚠️ { $code }: оценка { $total } далеко от медианы { $median }
contests-jury-draft-disqualified = 🚫 Сняты (авторство): { $codes }
contests-jury-draft-removed = 🚫 Сняты решением организаторов: { $codes }
contests-jury-draft-no-reviews = ❔ Без оценок: { $codes }
contests-jury-draft-tie = ⚖️ Ничья ({ $score }): { $codes }
contests-jury-draft-cut = … и ещё строк: { $lines }
contests-jury-draft-ties-block = ⚖️ Неразрешённых ничьих: { $ties }. Укажите порядок работ — после этого итоги можно утвердить.
contests-jury-draft-ready = Итоги готовы к утверждению; они будут опубликованы { $time }.
contests-jury-draft-confirmed = ✅ Итоги утверждены { $time }.
contests-jury-tie-button = ⚖️ Порядок: { $codes }
contests-jury-confirm-button = ✅ Утвердить итоги
contests-jury-refresh-button = 🔄 Обновить
contests-jury-back-results-button = ⬅️ К итогам
contests-jury-tie-head = ⚖️ <b>Ничья в номинации «{ $nomination }»</b>: { $codes } ({ $score }).
contests-jury-tie-order = Порядок:
    { $order }
contests-jury-tie-pick-hint = Нажмите работу, которая займёт место { $n } среди них.
contests-jury-tie-save-hint = Сохраните порядок или начните сначала.
contests-jury-tie-save-button = 💾 Сохранить порядок
contests-jury-tie-reset-button = ↩️ Сначала
contests-jury-tie-saved = Порядок сохранён.
contests-jury-confirm-ask = Утвердить итоги конкурса <b>{ $title }</b>?

    После утверждения их нельзя изменить. Они будут опубликованы { $time }.
contests-jury-confirm-yes-button = ✅ Да, утвердить итоги
contests-jury-confirmed = Итоги утверждены.
