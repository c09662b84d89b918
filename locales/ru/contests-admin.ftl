## Конкурсы: организаторы (/newcontest, /contestadmin)

command-newcontest = Создать конкурс
command-contestadmin = Управление конкурсами

# Стандартная рубрика для конспекта урока
contests-rubric-default-standards = Соответствие ФГОС и номинации
contests-rubric-default-novelty = Актуальность и новизна
contests-rubric-default-method = Методическое качество
contests-rubric-default-practice = Практическая применимость
contests-rubric-default-digital = Использование цифровых инструментов
contests-rubric-default-presentation = Оформление и грамотность
contests-rubric-default-authorship = Авторство (зачёт/незачёт)

# Отказы
contests-admin-forbidden = Создавать конкурсы и управлять ими могут администраторы (и модераторы, если это включено в /settings).
contests-admin-not-found = Конкурс не найден.
contests-admin-cancelled = Этот конкурс отменён.
contests-admin-finished = Итоги этого конкурса уже опубликованы — изменить его нельзя.
contests-admin-jury-closed = Работа жюри уже завершена — состав жюри больше не меняется.
contests-admin-title-bad = Название — от { $min } до { $max } символов.
contests-admin-title-short = Название слишком короткое: нужно не меньше { $min } символов.
contests-admin-title-long = Название слишком длинное: не больше { $max } символов.
contests-admin-description-long = Описание слишком длинное: не больше { $max } символов.
contests-admin-rules-long = Положение слишком длинное: не больше { $max } символов. Полный текст можно приложить документом.
contests-admin-rules-file-bad = Не удалось принять документ с положением. Пришлите его файлом ещё раз.
contests-admin-timezone-unknown = Не знаю ваш часовой пояс. Укажите его в /profile.
contests-admin-time-unparsed = Не понял дату и время. Примеры: 25.12 18:00, 25.12.2026 18:00, завтра 18:00. Часовой пояс: { $zone }.
contests-admin-time-invalid = Такой даты не бывает. Проверьте число, месяц и время.
contests-admin-date-invalid = Дата не распознана.
contests-admin-date-past = Эта дата уже прошла. Укажите дату в будущем.
contests-admin-date-too-far = Слишком далеко: не больше чем на два года вперёд.
contests-admin-date-passed = Этот этап уже начался — его дату изменить нельзя.
contests-admin-dates-order-close = Приём работ должен закончиться позже, чем начнётся.
contests-admin-dates-order-judging = Работа жюри должна закончиться позже окончания приёма работ.
contests-admin-dates-order-results = Итоги не могут быть объявлены раньше окончания работы жюри.
contests-admin-formats-bad = Выберите хотя бы один вид работы: файл, ссылку или текст.
contests-admin-max-files-bad = Число файлов — от 1 до { $max }.
contests-admin-families-bad = Такой тип файлов не поддерживается.
contests-admin-max-size-bad = Размер файла — от 1 до { $max } МБ.
contests-admin-reviews-bad = Оценок на работу — от 1 до { $max }.
contests-admin-cap-bad = Предел работ на члена жюри — целое число от 1.
contests-admin-prizes-bad = Призовых мест — от 0 до { $max }.
contests-admin-nominations-count = Нужна хотя бы одна номинация и не больше { $max }.
contests-admin-nomination-title-bad = Название номинации — от 1 до { $max } символов.
contests-admin-subject-unknown = Такого предмета нет в справочнике.
contests-admin-grade-unknown = Такого класса нет в справочнике.
contests-admin-criteria-count = В рубрике должно быть от 1 до { $max } критериев.
contests-admin-criterion-title-bad = Название критерия — от 1 до { $max } символов.
contests-admin-criterion-points-bad = Максимум баллов критерия — от 1 до { $max } (у критерия «зачёт/незачёт» — 0).
contests-admin-criterion-tiebreak-passfail = Критерий «зачёт/незачёт» не может решать спорные случаи.
contests-admin-criterion-weight-bad = Вес критерия — число от { $min } до { $max }, например 1 или 1,5.
contests-admin-criteria-no-scored = Нужен хотя бы один критерий с баллами.
contests-admin-criteria-tiebreak-many = Решать спорные случаи может только один критерий.
contests-admin-search-bad = Введите имя, @username или номер участника (до 100 символов).
contests-admin-juror-not-member = Назначить можно только зарегистрированного участника сообщества.
contests-admin-juror-already = Этот участник уже в жюри.
contests-admin-juror-has-reviews = У этого члена жюри уже есть отправленные оценки ({ $count }) — исключить его нельзя.
contests-admin-juror-not-juror = Этот участник не входит в жюри.
contests-admin-remind-not-judging = Напоминать можно только во время работы жюри.
contests-admin-remind-nothing = У этого члена жюри нет неоценённых работ.
contests-admin-remind-too-soon = Напоминание уже отправлено меньше часа назад.

# Мастер создания
contests-admin-step = Шаг { $n } из { $total }
contests-admin-ask-title = Как называется конкурс? От { $min } до { $max } символов.
contests-admin-answered-title = Название: <b>{ $value }</b>
contests-admin-ask-description = Коротко опишите конкурс (до { $max } символов) или пропустите.
contests-admin-answered-description = Описание: { $value }
contests-admin-answered-description-none = Описание: нет
contests-admin-ask-rules = Текст положения (до { $max } символов) или пропустите.
contests-admin-answered-rules = Положение: { $value }
contests-admin-answered-rules-none = Положение: без текста
contests-admin-ask-rules-file = Пришлите документ с положением (файлом) или пропустите.
contests-admin-answered-rules-file = Документ с положением: { $name }
contests-admin-answered-rules-file-none = Документ с положением: нет
contests-admin-ask-nomination = Название номинации (до { $max } символов). Номинации добавляются по одной; когда все добавлены, нажмите «Готово».
contests-admin-nomination-line = { $n }. { $title }
contests-admin-nominations-done = ✔️ Готово (номинаций: { $count })
contests-admin-answered-nomination = Номинация: { $title }
contests-admin-answered-nominations = Номинаций: { $count }
contests-admin-ask-nomination-subjects = Предметы номинации «{ $title }». Ничего не выбрано — любые.
contests-admin-ask-nomination-grades = Классы номинации «{ $title }». Ничего не выбрано — любые.
contests-admin-answered-subjects = Предметы: { $value }
contests-admin-answered-grades = Классы: { $value }
contests-admin-any = любые
contests-admin-ask-submissionOpensAt = Когда начинается приём работ? Например: 25.12 10:00 или завтра 9:00. Часовой пояс: { $zone }.
contests-admin-ask-submissionClosesAt = Когда заканчивается приём работ? Часовой пояс: { $zone }.
contests-admin-ask-judgingClosesAt = Когда заканчивается работа жюри? Часовой пояс: { $zone }.
contests-admin-ask-resultsAt = Когда объявить итоги? Часовой пояс: { $zone }.
contests-admin-answered-submissionOpensAt = Начало приёма: { $value }
contests-admin-answered-submissionClosesAt = Конец приёма: { $value }
contests-admin-answered-judgingClosesAt = Конец работы жюри: { $value }
contests-admin-answered-resultsAt = Итоги: { $value }
contests-admin-date-now = ▶️ Сейчас
contests-admin-date-keep = ✅ Оставить как есть
contests-admin-date-current = Сейчас: { $value }
contests-admin-ask-formats = В каком виде принимаются работы? Можно выбрать несколько.
contests-admin-format-file = 📎 Файл
contests-admin-format-link = 🔗 Ссылка
contests-admin-format-text = 📝 Текст
contests-admin-answered-formats = Вид работ: { $value }
contests-admin-ask-max-files = Сколько файлов можно приложить к работе? От 1 до { $max }.
contests-admin-answered-max-files = Файлов в работе: до { $value }
contests-admin-ask-families = Какие типы файлов принимать? Ничего не выбрано — все, что принимает библиотека.
contests-admin-family-document = Документы
contests-admin-family-presentation = Презентации
contests-admin-family-spreadsheet = Таблицы
contests-admin-family-pdf = PDF
contests-admin-family-image = Изображения
contests-admin-family-audio = Аудио
contests-admin-family-video = Видео
contests-admin-family-archive = Архивы
contests-admin-answered-families = Типы файлов: { $value }
contests-admin-ask-max-size = Наибольший размер файла в МБ (от 1 до { $max }).
contests-admin-answered-max-size = Размер файла: до { $value } МБ
contests-admin-ask-reviews = Сколько членов жюри оценивают каждую работу? От 1 до { $max }, обычно { $default }.
contests-admin-answered-reviews = Оценок на работу: { $value }
contests-admin-ask-cap = Сколько работ может получить один член жюри? Без ограничения — работы распределяются поровну.
contests-admin-no-cap = Без ограничения
contests-admin-answered-cap = Работ на члена жюри: до { $value }
contests-admin-ask-prizes = Сколько призовых мест после победителя? От 0 до { $max }, обычно { $default } (2-е и 3-е).
contests-admin-answered-prizes = Призовых мест: { $value }
contests-admin-ask-rubric = Рубрика оценивания: стандартная для конспекта урока (шесть критериев по 0–5 и авторство «зачёт/незачёт») или своя?
contests-admin-rubric-default = 📋 Стандартная рубрика (урок)
contests-admin-rubric-custom = ✏️ Своя рубрика
contests-admin-answered-rubric-default = Рубрика: стандартная (урок)
contests-admin-answered-rubric-custom = Рубрика: своя
contests-admin-ask-criterion = Название критерия (до { $max } символов). Критерии добавляются по одному; когда все добавлены, нажмите «Готово».
contests-admin-criterion-line = { $n }. { $title } — до { $max } б., вес { $weight }
contests-admin-criterion-line-passfail = { $n }. { $title } — зачёт/незачёт
contests-admin-criteria-done = ✔️ Готово (критериев: { $count })
contests-admin-answered-criterion = Критерий: { $title }
contests-admin-answered-criteria = Критериев: { $count }
contests-admin-ask-points = Максимум баллов за критерий «{ $title }» (от 1 до { $max }) или «зачёт/незачёт» — незачёт большинства жюри снимает работу с конкурса.
contests-admin-pass-fail = зачёт/незачёт
contests-admin-answered-points = Баллов: до { $value }
contests-admin-answered-pass-fail = Зачёт/незачёт
contests-admin-ask-weight = Вес критерия (от 0,1 до { $max }), обычно 1.
contests-admin-answered-weight = Вес: { $value }
contests-admin-ask-tiebreak = Решает ли критерий «{ $title }» спорные случаи при равенстве баллов?
contests-admin-answered-tiebreak = Решает спорные случаи: да
contests-admin-answered-no-tiebreak = Решает спорные случаи: нет
contests-admin-yes = Да
contests-admin-no = Нет
contests-admin-ask-vote = Проводить зрительское голосование (отдельный приз)?
contests-admin-answered-vote-on = Зрительское голосование: да
contests-admin-answered-vote-off = Зрительское голосование: нет
contests-admin-ask-broadcast = Рассылать объявления об этапах участникам по предметам и классам конкурса?
contests-admin-answered-broadcast-on = Рассылка об этапах: да
contests-admin-answered-broadcast-off = Рассылка об этапах: нет
contests-admin-summary =
    <b>Проверьте конкурс</b>

    <b>{ $title }</b>
    Описание: { $description }
    Положение: { $rules }
    Документ: { $file }
    Вид работ: { $formats }; файлов до { $files }, до { $size } МБ; типы: { $families }
    Жюри: { $reviews } оценки на работу, предел: { $cap }; призовых мест: { $prizes }
    Зрительское голосование: { $vote }; рассылка об этапах: { $broadcast }
contests-admin-summary-nominations =
    <b>Номинации</b>
    { $list }
contests-admin-summary-rubric =
    <b>Рубрика</b>
    { $list }
contests-admin-create = ✅ Создать конкурс
contests-admin-create-cancelled = Создание конкурса отменено, ничего не сохранено.
contests-admin-created = Конкурс №{ $id } создан. Статус: { $status }. Назначьте жюри в карточке конкурса.
contests-admin-open-card = Открыть карточку
contests-admin-dates-cancelled = Даты не изменены.
contests-admin-dates-saved = Дата изменена.
contests-admin-dates-unchanged = Дата осталась прежней.

# Экраны управления
contests-admin-menu-button = 🏆 Конкурсы: управление
contests-admin-new-button = ➕ Новый конкурс
contests-admin-list-empty = Конкурсов пока нет. Создать: /newcontest
contests-admin-list-title = <b>Конкурсы</b> (всего: { $count }). Выберите конкурс:
contests-admin-list-button = ◀️ К списку
contests-admin-back = ◀️ Назад
contests-admin-refresh = 🔄 Обновить
contests-admin-status-SCHEDULED = объявлен
contests-admin-status-OPEN = приём работ
contests-admin-status-JUDGING = работа жюри
contests-admin-status-CONFIRMING = подтверждение итогов
contests-admin-status-PUBLISHED = итоги опубликованы
contests-admin-status-CANCELLED = отменён
contests-admin-status-icon-SCHEDULED = 🗓
contests-admin-status-icon-OPEN = 📥
contests-admin-status-icon-JUDGING = ⚖️
contests-admin-status-icon-CONFIRMING = ✍️
contests-admin-status-icon-PUBLISHED = 🏆
contests-admin-status-icon-CANCELLED = ✖️
contests-admin-card = <b>{ $title }</b> (№{ $id })
    Статус: { $status }
contests-admin-dates =
    Приём работ: { $opens } — { $closes }
    Работа жюри до: { $judging }
    Итоги: { $results }
contests-admin-card-nominations = Номинации: { $list }
contests-admin-card-rubric = Рубрика: критериев { $count }, максимум { $max } б.
contests-admin-card-jury = Жюри: { $jurors } чел.; оценок на работу: { $reviews }; призовых мест: { $prizes }
contests-admin-dates-button = 🗓 Даты
contests-admin-jury-button = ⚖️ Жюри
contests-admin-progress-button = 📊 Ход оценки
contests-admin-cancel-button = ✖️ Отменить конкурс
contests-admin-date-submissionOpensAt = Начало приёма работ
contests-admin-date-submissionClosesAt = Конец приёма работ
contests-admin-date-judgingClosesAt = Конец работы жюри
contests-admin-date-resultsAt = Объявление итогов
contests-admin-cancel-confirm = Отменить конкурс «{ $title }»? Участники и жюри получат уведомление. Отменить отмену нельзя.
contests-admin-cancel-yes = Да, отменить конкурс
contests-admin-cancelled-done = Конкурс отменён. Уведомления: { $count }.
contests-admin-jury-title = <b>Жюри</b> конкурса «{ $title }» (членов: { $count })
contests-admin-jury-empty = Жюри пока не назначено.
contests-admin-jury-line = { $n }. { $name }
contests-admin-jury-line-chair = { $n }. { $name } — 👑 председатель
contests-admin-jury-add = 🔎 Найти и добавить
contests-admin-jury-chair-button = 👑 { $n }
contests-admin-jury-remove-button = ✖️ { $n }
contests-admin-jury-remove-confirm = Исключить из жюри: { $name }? Его неоценённые работы будут распределены заново.
contests-admin-jury-remove-yes = Да, исключить
contests-admin-jury-added = Добавлен в жюри.
contests-admin-jury-chair-set = Председатель назначен.
contests-admin-jury-removed = Исключён из жюри.
contests-admin-jury-search-prompt = Кого добавить в жюри? Введите имя, @username или номер участника.
contests-admin-jury-search-asked = Поиск: { $query }
contests-admin-jury-search-cancelled = Поиск отменён.
contests-admin-jury-search-empty = По запросу «{ $query }» никого не нашлось.
contests-admin-jury-search-results = Найдено по запросу «{ $query }»: { $count }. Нажмите, чтобы добавить в жюри:
contests-admin-jury-search-again = 🔎 Искать ещё
contests-admin-member-no-name = участник №{ $id }
contests-admin-member-deleted = удалённый участник
contests-admin-progress-title = <b>Ход оценки</b>: «{ $title }» ({ $status })
contests-admin-progress-juror = { $n }. { $name }: оценено { $submitted } из { $assigned }; самоотводов: { $conflicts }; напоминание: { $reminded }
contests-admin-never = не было
contests-admin-progress-nomination = «{ $title }»: работ { $entries }, оценок { $done } из { $needed }
contests-admin-progress-duplicates = ⚠️ <b>Возможные дубликаты</b> ({ $count }):
contests-admin-progress-duplicates-hint = Проверьте их; снять работу с конкурса можно кнопкой «🚫 Снять работу с конкурса» в карточке.
contests-admin-progress-duplicate = работа №{ $number } «{ $title }» совпадает с { $of }
contests-admin-progress-votes = ⚠️ <b>Подозрительные голоса</b> ({ $count }):
contests-admin-progress-vote = работа №{ $number }: всплеск голосов — { $votes }, из них от новых или неактивных аккаунтов — { $suspicious }
contests-admin-remind-button = 🔔 Напомнить: { $n }
contests-admin-reminded = Напоминание отправлено.
contests-admin-reminder = 🔔 Напоминание жюри конкурса «{ $title }»: неоценённых работ — { $count }. Работа жюри заканчивается { $deadline }. Открыть работы: /jury

# Removing an entry from a contest (the organisers' decision)
contests-admin-remove-button = 🚫 Снять работу с конкурса
contests-admin-remove-ask-code = Какую работу снять с конкурса? Пришлите её код, например { $example } (или просто номер).
contests-admin-remove-answered-code = Работа: { $code } «{ $title }»
contests-admin-remove-facts = <b>{ $code }</b> «{ $title }»
    Номинация: { $nomination }
    Автор: { $author }
contests-admin-remove-duplicate = ⚠️ Файл этой работы совпадает с чужой работой или материалом.
contests-admin-remove-ask-reason = Причина снятия (от { $min } до { $max } символов). Автор получит её вместе с уведомлением, она войдёт в протокол.
contests-admin-remove-answered-reason = Причина: { $reason }
contests-admin-remove-confirm = Снять работу { $code } «{ $title }» с конкурса?
    Причина: { $reason }

    Работа уйдёт из очереди жюри и из голосования, места будут пересчитаны. Это нельзя отменить.
contests-admin-remove-yes = 🚫 Да, снять работу
contests-admin-remove-answered-yes = 🚫 Снимаем работу { $code }…
contests-admin-removed = Работа { $code } снята с конкурса. Автору отправлено уведомление с причиной.
contests-admin-remove-cancelled = Работа не снята: ничего не изменилось.
contests-admin-remove-closed = Итоги уже утверждены: снять работу больше нельзя.
contests-admin-remove-nothing = Приём работ ещё не начался: снимать нечего.
contests-admin-remove-withdrawn = Эту работу автор уже отозвал.
contests-admin-remove-already = Эта работа уже снята с конкурса.
contests-admin-remove-code-bad = Не удалось прочитать код. Пришлите его так, как он выглядит в карточке, например К-017, или просто номер: 17.
contests-admin-remove-code-unknown = В этом конкурсе нет работы с таким кодом.
contests-admin-remove-reason-bad = Причина — от { $min } до { $max } символов.
