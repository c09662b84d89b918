# Community events: lists, cards, registration, organising, check-in, feedback.

events-kind-SEMINAR = Семинар
events-kind-WEBINAR = Вебинар
events-kind-MASTER_CLASS = Мастер-класс
events-kind-CONFERENCE = Конференция
events-kind-PEDAGOGICAL_COUNCIL = Педсовет
events-kind-PROJECT_FESTIVAL = Фестиваль проектов
events-kind-TELECONFERENCE = Телемост
events-kind-OTHER = Другое

events-status-REGISTERED = записан(а)
events-status-WAITLISTED = в листе ожидания
events-status-CANCELLED = отменил(а) запись

events-field-start = 🕒 Время начала
events-field-duration = ⏱ Длительность
events-field-link = 🔗 Ссылка
events-field-capacity = 👥 Число мест
events-field-title = 📝 Название
events-field-kind = 🏷 Вид
events-field-description = 📄 Описание
events-field-subjects = 📚 Предметы
events-field-deadline = ⏳ Срок регистрации
events-field-speakers = 🎤 Спикеры
events-field-reminders = 🔔 Напоминания

# Errors of the service and of parsing
events-not-found = Мероприятие не найдено.
events-staff-only = Это действие доступно только организаторам (модераторам и администраторам).
events-cancelled = Мероприятие отменено.
events-already-started = Мероприятие уже началось.
events-registration-closed = Регистрация на это мероприятие закрыта.
events-not-registered = Вы не были записаны на это мероприятие.
events-changed-meanwhile = Мероприятие только что изменил другой организатор. Откройте карточку заново и повторите.
events-capacity-invalid = Число мест — целое число от 1 до 100 000 (или кнопка «Без ограничения»).
events-capacity-below-registered = Нельзя сделать мест меньше, чем уже записано участников ({ $registered }).
events-checkin-code-wrong = Неверное кодовое слово. Проверьте, что вы ввели код, который назвал ведущий.
events-checkin-not-registered = Отметиться могут только записанные участники (не из листа ожидания).
events-checkin-too-early = Отметиться можно не раньше чем за 15 минут до начала.
events-checkin-over = Мероприятие уже закончилось — отметиться больше нельзя.
events-deadline-after-start = Регистрация должна закрываться не позже начала мероприятия.
events-deadline-past = Этот срок уже прошёл. Укажите срок в будущем.
events-description-long = Описание слишком длинное: не больше 2000 символов.
events-duration-invalid = Длительность должна быть больше нуля и не больше 24 часов.
events-duration-unparsed = Не понял длительность. Примеры: <code>90</code>, <code>1,5 часа</code>, <code>1:30</code>, <code>2 ч</code>.
events-feedback-long = Комментарий слишком длинный: не больше 1000 символов.
events-feedback-not-attended = Оценить мероприятие могут только те, кто на нём отметился.
events-feedback-too-early = Оценить мероприятие можно после его начала.
events-ics-registrants-only = Файл календаря доступен только записанным участникам.
events-kind-bad = Неизвестный вид мероприятия.
events-reminders-invalid = Напоминания: до 5 штук, каждое не раньше чем за неделю до начала.
events-reminders-unparsed = Не понял напоминания. Примеры: <code>2 дня, 3 часа, 15 мин</code>, <code>1d 2h 0</code> (0 — в момент начала) или <code>нет</code> — без напоминаний.
events-reminders-range = Напоминание можно поставить не раньше чем за { $limit } до начала.
events-reminders-many = Не больше { $max } напоминаний.
events-score-bad = Оценка — от 1 до 5.
events-speakers-long = Список спикеров слишком длинный: не больше 500 символов.
events-subject-unknown = Неизвестный предмет.
events-subjects-many = Можно выбрать не больше 10 предметов.
events-time-invalid = Такой даты или времени не бывает (например, 31.02 или 25:00). Проверьте и введите ещё раз.
events-time-past = Это время уже прошло. Укажите дату и время в будущем.
events-time-too-far = Слишком далеко: мероприятие можно назначить не больше чем на 2 года вперёд.
events-time-unparsed = Не понял дату и время. Примеры: <code>25.12 18:00</code>, <code>25.12.2026 18:00</code>, <code>завтра 18:00</code>.
events-timezone-unknown = Неизвестный часовой пояс. Проверьте его в профиле: /profile
events-title-letters = В названии должны быть буквы.
events-title-long = Название слишком длинное: не больше 200 символов.
events-title-short = Название слишком короткое: не меньше 3 символов.
events-url-bad = Нужна ссылка, начинающаяся с http:// или https://

# Lists
events-list-title-mine = <b>📅 Ближайшие мероприятия по вашим предметам</b>
    <i>Время указано в вашем часовом поясе ({ $zone }).</i>
events-list-title-all = <b>📅 Ближайшие мероприятия</b>
    <i>Время указано в вашем часовом поясе ({ $zone }).</i>
events-list-empty = Пока нет запланированных мероприятий.
events-list-line = { $mark }<b>{ $n }. { $title }</b>
    🕒 { $time } · { $places }
events-show-all = 📚 Показать все мероприятия
events-show-mine = ⭐ Только по моим предметам
events-mark-cancelled = ❌ отменено
events-places-unlimited = без ограничения мест (записано: { $registered })
events-places-left = свободно мест: { $left } из { $capacity }
events-places-full = мест нет, в листе ожидания: { $waitlisted }
events-places-ended = завершено
events-subjects-any = все предметы

events-my-title = <b>🗓 Мои мероприятия</b>
events-my-upcoming = <b>Предстоящие</b>
events-my-past = <b>Прошедшие</b>
events-my-none = —

# Card
events-card = 📅 <b>{ $title }</b>
    🏷 { $kind }
    🕒 { $time }
    ⏱ { $duration } мин
    📚 { $subjects }
events-card-places = 👥 { $places }
events-card-ended = ⌛ Мероприятие завершилось.
events-card-speakers = 🎤 Спикеры: { $speakers }
events-card-description = { $description }
events-card-deadline = ⏳ Регистрация до: { $time }
events-card-cancelled = ❌ <b>Мероприятие отменено.</b>
events-card-registered = ✅ Вы записаны.
events-card-attended = ✅ Вы записаны и отметились на мероприятии.
events-card-waitlisted = ⏳ Вы в листе ожидания, ваша очередь: { $position }.
events-card-link = 🔗 Ссылка для участия: { $url }
events-card-recording = 🎬 Запись: { $url }
events-card-code = 🔑 Кодовое слово для отметки (объявите его участникам): <code>{ $code }</code>
events-register = ✍️ Записаться
events-join-waitlist = ⏳ Встать в лист ожидания
events-unregister = ✖️ Отменить запись
events-edit = ✏️ Изменить
events-cancel-event = ❌ Отменить мероприятие
events-cancel-yes = Да, отменить мероприятие
events-add-recording = 🎬 Добавить запись
events-registrants = 👥 Участники
events-feedback-average = ⭐ Отзывы
events-back = ⬅️ Назад
events-refresh = 🔄 Обновить
events-open-card = 📅 Открыть карточку

# Registration
events-registered = Вы записаны! Файл для календаря — ниже.
events-already-registered = Вы уже записаны.
events-waitlisted = Мест нет — вы в листе ожидания, ваша очередь: { $position }. Мы сообщим, если место освободится.
events-unregistered = Запись отменена.
events-ics-button = 📅 Файл для календаря
events-ics-caption = 📅 «{ $title }» — добавьте в календарь.
events-ics-caption-link = 📅 «{ $title }» — добавьте в календарь.
    🔗 Ссылка для участия: { $url }
events-cancelled-done = Мероприятие отменено. Уведомим участников: { $count }.

# Staff views
events-registrants-title = <b>👥 Участники «{ $title }»</b> (всего: { $count })
events-registrant-line = { $n }. { $name } { $username } — { $status } { $attended }
events-registrant-unknown = (без имени)
events-registrants-none = Пока никто не записался.
events-feedback-none = Отзывов пока нет.
events-feedback-summary = ⭐ Средняя оценка: <b>{ $average }</b> (оценок: { $count })
events-feedback-comment-line = { $score }⭐ { $comment }

# Check-in and feedback
events-checkin-usage = Отправьте кодовое слово, которое назвал ведущий: <code>/checkin КОД</code>
events-checkin-none = Сейчас нет идущих мероприятий, на которые вы записаны. Отметиться можно за 15 минут до начала и до конца мероприятия.
events-checkin-done = ✅ Вы отметились на мероприятии «{ $title }». Спасибо!
events-checkin-already = Вы уже отметились на мероприятии «{ $title }».
events-checkin-done-short = ✅ Вы отметились. Спасибо!
events-checkin-already-short = Вы уже отметились.
events-checkin-button = ✅ Я на мероприятии
events-feedback-thanks = Спасибо за оценку: { $score }⭐
events-ask-feedback-comment = Хотите добавить комментарий? Напишите его (до { $max } символов) или нажмите «Отмена».
events-answered-feedback = 💬 { $value }
events-feedback-no-comment = Хорошо, без комментария. Спасибо!
events-feedback-comment-saved = Спасибо за отзыв!

# Organising
events-step = <i>Мероприятие · шаг { $n } из { $total }</i>
events-ask-title = Как называется мероприятие? (от { $min } до { $max } символов)
events-answered-title = 📝 Название: <b>{ $value }</b>
events-ask-kind = Какой это вид мероприятия?
events-answered-kind = 🏷 Вид: <b>{ $value }</b>
events-ask-description = Опишите мероприятие (до { $max } символов). Можно пропустить.
events-answered-description = 📄 Описание: { $value }
events-answered-description-none = 📄 Без описания
events-ask-subjects = Для каких предметов мероприятие? Отметьте до { $max } и нажмите «Готово» (ничего не отмечено — для всех).
events-answered-subjects = 📚 Предметы: { $value }
events-answered-subjects-none = 📚 Для всех предметов
events-ask-start = Когда начало? Время — в вашем часовом поясе: <b>{ $zone }</b>.
    Например: <code>25.12 18:00</code>, <code>25.12.2026 18:00</code>, <code>завтра 18:00</code>.
events-ask-new-start = Новое время начала — в вашем часовом поясе: <b>{ $zone }</b>.
    Например: <code>25.12 18:00</code> или <code>завтра 18:00</code>.
events-answered-start = 🕒 Начало: <b>{ $value }</b>
events-ask-duration = Сколько длится мероприятие? Например: <code>90</code> (минуты), <code>1,5 часа</code>, <code>2 ч</code>.
events-answered-duration = ⏱ Длительность: { $value } мин
events-ask-link = Ссылка для участия (её увидят только записавшиеся):
events-no-link = Без ссылки
events-answered-link = 🔗 { $value }
events-answered-link-none = 🔗 Без ссылки
events-ask-capacity = Сколько мест? Введите число или нажмите «Без ограничения».
events-no-limit = Без ограничения
events-answered-capacity = 👥 Мест: { $value }
events-answered-capacity-none = 👥 Без ограничения мест
events-ask-deadline = До какого момента открыта регистрация? Время — в вашем часовом поясе: <b>{ $zone }</b>. Или нажмите «До начала».
events-until-start = До начала
events-answered-deadline = ⏳ Регистрация до: { $value }
events-answered-deadline-none = ⏳ Регистрация до начала
events-ask-speakers = Кто выступает? Можно пропустить.
events-answered-speakers = 🎤 Спикеры: { $value }
events-answered-speakers-none = 🎤 Спикеры не указаны
events-ask-reminders = 🔔 Напоминания: { $current } — оставить?
    Или введите свои (не больше { $max }), например: <code>2 дня, 3 часа, 15 мин</code> или <code>1d 2h 0</code> (0 — в момент начала); <code>нет</code> — без напоминаний.
events-reminders-keep = ✅ Оставить как есть
events-reminders-off = 🔕 Без напоминаний
events-answered-reminders = 🔔 Напоминания: { $value }
events-reminders-none = без напоминаний
events-reminder-at-start = в начале
events-reminder-before = за { $value }
events-and = и
events-unit-day = { $n } { $n ->
        [one] день
        [few] дня
       *[many] дней
    }
events-unit-hour = { $n } { $n ->
        [one] час
        [few] часа
       *[many] часов
    }
events-unit-minute = { $n } мин
events-clear = 🗑 Очистить
events-none = —
events-summary = <b>Проверьте мероприятие</b>

    📝 <b>{ $title }</b>
    🏷 { $kind }
    📚 { $subjects }
    🕒 { $start }
    ⏱ { $duration } мин
    🔗 { $link }
    👥 { $capacity }
    ⏳ { $deadline }
    🎤 { $speakers }
    🔔 { $reminders }
events-summary-description = { $description }
events-create = ✅ Опубликовать
events-create-cancelled = Создание мероприятия отменено.
events-created = ✅ Мероприятие №{ $id } опубликовано.
    🔑 Кодовое слово для отметки: <code>{ $code }</code>
    Ссылка на карточку: { $link }
events-edit-cancelled = Изменение отменено.
events-edited = ✅ Мероприятие изменено. Участники получат уведомление.
events-edit-unchanged = Ничего не изменилось.
events-ask-recording = Пришлите ссылку на запись. Её получат записавшиеся, кто не смог прийти.
events-recording-saved = ✅ Запись добавлена. Отправим её участникам: { $count }.
events-hours-invalid = Объём в академических часах — целое число от 1 до { $max }.
events-checkin-annul-none = У этого участника нет отметки о присутствии на мероприятии.
