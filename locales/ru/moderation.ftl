moderation-card-header = 🛡 <b>Модерация</b> · в очереди: { $pending } · №{ $id } · { $created }
moderation-approve = ✅ Опубликовать
moderation-reject = ❌ Отклонить
moderation-changes = ✏️ На доработку
moderation-skip = ⏭ Пропустить
moderation-queue-empty = 🎉 Очередь модерации пуста.
moderation-next = В очереди ещё: { $pending }.
moderation-open-next = ▶️ Следующий материал
moderation-skipped = ⏭ Материал №{ $id } пропущен.
moderation-done-approve = ✅ Материал №{ $id } опубликован.
moderation-done-reject = ❌ Материал №{ $id } отклонён, автор уведомлён.
moderation-done-changes = ✏️ Материал №{ $id } отправлен автору на доработку.
moderation-done-unpublish = 🚫 Материал №{ $id } снят с публикации, автор уведомлён.
moderation-ask-reject = Почему материал №{ $id } отклонён? Автор увидит этот текст.
moderation-ask-changes = Что нужно исправить в материале №{ $id }? Автор увидит этот текст.
moderation-ask-unpublish = Почему материал №{ $id } снимается с публикации? Автор увидит этот текст.
moderation-answered-note = 📝 { $value }
moderation-note-cancelled = Решение не принято, материал остался как был.
moderation-reason-not-teaching = Не является учебным или методическим материалом
moderation-reason-copyright = Нарушены авторские права
moderation-reason-duplicate = Такой материал уже есть в библиотеке
moderation-reason-quality = Недостаточное качество оформления
moderation-reason-wrong-subject = Указаны неверные предмет или классы
moderation-reason-ads = Реклама
moderation-reason-other = ✍️ Другая причина…
moderation-unpublish = 🚫 Снять с публикации
moderation-delete = 🗑 Удалить
moderation-delete-yes = 🗑 Да, удалить материал
moderation-deleted = 🗑 Материал удалён.
moderation-delete-comment = 🗑 Удалить комментарий
moderation-comment-deleted = Комментарий удалён.
moderation-dismiss = ✔️ Жалобы необоснованны
moderation-dismissed = Жалобы закрыты: { $count }.
moderation-reports-waiting = ⚠️ Жалоб ждут решения: { $count }.
moderation-open-reports = ⚠️ Открыть жалобы
moderation-reports-empty = Открытых жалоб нет.
moderation-report-material = ⚠️ <b>Жалобы на материал</b> «{ $title }»
    Пожаловались: { $reporters }
    { $reasons }
moderation-report-comment = ⚠️ <b>Жалобы на комментарий</b> к «{ $title }»:
    <i>{ $comment }</i>
    Пожаловались: { $reporters }
    { $reasons }
