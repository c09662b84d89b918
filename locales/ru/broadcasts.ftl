## Рассылки: /broadcast, /broadcasts

broadcasts-forbidden = Рассылки доступны администраторам сообщества (и модераторам, если администратор разрешил это в /settings).
broadcasts-ask-message = 📣 <b>Новая рассылка</b>

    Пришлите сообщение так, как его должны увидеть участники: текст с форматированием, фото, видео, документ, аудио, опрос или альбом с подписью. Бот скопирует его каждому получателю без изменений.
broadcasts-ask-album = 📣 Получено частей альбома: { $count } (не больше { $max }). Пришлите остальные или нажмите «Готово».
broadcasts-album-done = ✅ Готово, альбом целиком
broadcasts-answered-message = 📣 Сообщение для рассылки получено.
broadcasts-answered-album = 📣 Альбом для рассылки получен: частей — { $count }.
broadcasts-message-protected = Это сообщение защищено от копирования, его нельзя разослать. Пришлите его содержимое заново обычным сообщением.
broadcasts-message-uncopyable = Такое сообщение нельзя разослать копией (служебные сообщения, кубики, счета, игры, истории, платный контент). Пришлите текст, фото, видео, документ, аудио, опрос или альбом.
broadcasts-message-quiz = Викторину нельзя разослать копией: бот не знает правильного ответа. Пришлите обычный опрос или текст.
broadcasts-album-too-long = В альбоме может быть не больше { $max } частей.
broadcasts-message-invalid = Сообщение для рассылки не найдено. Начните заново: /broadcast
broadcasts-ask-audience = 👥 <b>Кому отправить?</b>

    { $audience }

    Выберите предметы, классы, регионы, должности или участников мероприятия. Внутри одной группы подходит любое из выбранного, группы вместе сужают круг.
broadcasts-dim-subjects = 📚 Предметы ({ $count })
broadcasts-dim-grades = 🎓 Классы ({ $count })
broadcasts-dim-regions = 🗺 Регионы ({ $count })
broadcasts-dim-roles = 👩‍🏫 Должности ({ $count })
broadcasts-dim-event = 📅 Участники мероприятия
broadcasts-dim-event-chosen = 📅 Участники мероприятия ✅
broadcasts-dim-everyone = ♻️ Сбросить: всем участникам
broadcasts-audience-continue = ➡️ Посчитать получателей
broadcasts-pick-done = ⬅️ Готово (выбрано: { $count })
broadcasts-ask-subjects = 📚 Выберите предметы. Сейчас:
    { $audience }
broadcasts-ask-grades = 🎓 Выберите классы. Сейчас:
    { $audience }
broadcasts-ask-regions = 🗺 Выберите регионы. Сейчас:
    { $audience }
broadcasts-regions-type = Можно напечатать часть названия региона, например: <code>Татар</code>.
broadcasts-regions-short = Напечатайте хотя бы две буквы названия региона.
broadcasts-regions-none = Такого региона нет. Попробуйте другую часть названия.
broadcasts-ask-roles = 👩‍🏫 Выберите должности. Сейчас:
    { $audience }
broadcasts-ask-event = 📅 Участникам какого мероприятия отправить (записавшимся и в листе ожидания)?
broadcasts-ask-event-none = 📅 Предстоящих мероприятий нет.
broadcasts-event-none = ✖️ Без мероприятия
broadcasts-answered-audience = 👥 Получатели:
    { $audience }
broadcasts-audience-everyone = все участники сообщества
broadcasts-audience-subjects = Предметы: { $list }
broadcasts-audience-grades = Классы: { $list }
broadcasts-audience-regions = Регионы: { $list }
broadcasts-audience-roles = Должности: { $list }
broadcasts-audience-event = Участники мероприятия «{ $title }»
broadcasts-audience-invalid = Такой выбор получателей недоступен. Откройте /broadcast заново.
broadcasts-audience-empty = Под этот выбор не подходит ни один участник. Измените получателей: например, уберите регион или добавьте предметы.
broadcasts-preview = 👀 <b>Так сообщение увидят получатели:</b>
broadcasts-confirm-title = 📣 <b>Проверьте рассылку</b>
broadcasts-confirm-recipients = 👥 Получателей сейчас: { $count }
broadcasts-confirm-now = 🕒 Отправка: сразу после подтверждения
broadcasts-confirm-at = 🕒 Отправка: { $time }
broadcasts-confirm-paid = ⭐ Платный режим: до { $rate } сообщений в секунду; Telegram спишет примерно { $stars } ⭐ (0,1 ⭐ за сообщение сверх бесплатного лимита).
broadcasts-confirm-send = ✅ Отправить сейчас
broadcasts-confirm-schedule = ✅ Запланировать
broadcasts-choose-time = 🕒 Выбрать время
broadcasts-change-time = 🕒 Другое время
broadcasts-send-now-instead = ⚡ Лучше сейчас
broadcasts-change-audience = 👥 Изменить получателей
broadcasts-ask-time = 🕒 Когда отправить? Напишите дату и время (часовой пояс: { $zone }), например: <code>{ $example }</code>, <code>завтра 10:00</code>, <code>25.12 09:30</code>.
broadcasts-answered-time = 🕒 Отправка: { $time }
broadcasts-time-past = Это время уже прошло. Укажите время в будущем.
broadcasts-time-far = Рассылку можно запланировать не дальше чем на год вперёд.
broadcasts-already-sent = Это сообщение уже разослано (рассылка #{ $id }). Чтобы разослать его ещё раз, пришлите его заново: /broadcast
broadcasts-cancelled = Рассылка не создана.
broadcasts-not-found = Рассылка не найдена.
broadcasts-already-cancelled = Эта рассылка уже отменена.
broadcasts-cannot-cancel = Рассылка уже завершена, отменять нечего.
broadcasts-cancel-button = ⛔ Остановить рассылку
broadcasts-cancel-done = Рассылка #{ $id } остановлена. Уже отправленное останется у получателей.
broadcasts-card-title-SCHEDULED = 🕒 <b>Рассылка #{ $id }</b> · запланирована
broadcasts-card-title-SENDING = 📤 <b>Рассылка #{ $id }</b> · идёт отправка
broadcasts-card-title-DONE = ✅ <b>Рассылка #{ $id }</b> · завершена
broadcasts-card-title-CANCELLED = 🚫 <b>Рассылка #{ $id }</b> · отменена
broadcasts-card-title-starting = 📤 <b>Рассылка #{ $id }</b> · начинается отправка
broadcasts-card-summary = «{ $summary }»
broadcasts-card-author = Автор: { $name }
broadcasts-card-audience = Получатели: { $audience }
broadcasts-card-recipients = Получателей при подтверждении: { $count }
broadcasts-card-scheduled = Начало: { $time }
broadcasts-card-started = Начата: { $time }
broadcasts-card-was-scheduled = Была запланирована на: { $time }
broadcasts-card-paid = ⭐ Платный режим (allow_paid_broadcast)
broadcasts-card-stats = ✅ Доставлено: { $sent } · 🚫 Заблокировали бота: { $blocked } · ❌ Ошибки: { $failed } · ⏭ Пропущено: { $skipped }
broadcasts-card-remaining = ⏳ Осталось: { $remaining }
broadcasts-card-remaining-eta = ⏳ Осталось: { $remaining }, примерно { $eta }
broadcasts-card-finished = Завершена: { $time }
broadcasts-eta-seconds = { $n } с
broadcasts-eta-minutes = { $n } мин
broadcasts-eta-hours = { $h } ч { $m } мин
broadcasts-final-done = ✅ Рассылка #{ $id } завершена: доставлено { $sent }, заблокировали бота { $blocked }, ошибок { $failed }.
broadcasts-final-cancelled = 🚫 Рассылка #{ $id } остановлена: успели доставить { $sent }, заблокировали бота { $blocked }, ошибок { $failed }.
broadcasts-history-empty = Рассылок пока не было. Новая: /broadcast
broadcasts-history-title = 📣 <b>Рассылки</b> · стр. { $page } из { $pages } · всего { $total }
broadcasts-history-line = { $mark } <b>#{ $id }</b> · { $time } · { $author }
    «{ $summary }»
    👥 { $audience }
    получателей { $recipients } · ✅ { $sent } · 🚫 { $blocked } · ❌ { $failed }
broadcasts-history-back = ⬅️ К списку
