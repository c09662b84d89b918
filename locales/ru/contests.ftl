# Contests, the member's side: /contests, the contest card, submitting, editing and withdrawing
# an entry, my entries and results (src/features/contests/contests.feature.ts, contests.render.ts,
# contests.entries.conversation.ts).

command-contests = Конкурсы: положения, приём работ, мои работы и результаты
contests-menu-button = 🏆 Конкурсы
# The letter of anonymous entry codes: К-017.
contests-code-letter = К

contests-back = ⬅️ Назад
contests-submit-button = 📝 Подать работу
contests-rules-button = 📄 Положение
contests-audience-vote-button = 🗳 Голосование зрителей
contests-my-entries-button = 📂 Мои работы
contests-edit-button = ✏️ Изменить
contests-withdraw-button = 🗑 Отозвать
contests-withdraw-yes = Да, отозвать работу
contests-results-button = 📊 Результаты
contests-open-entry = 📄 Открыть работу
contests-field-title = 📝 Название
contests-field-description = 📄 Описание
contests-field-work = 📎 Саму работу (файлы, ссылку, текст)

# The list
contests-list-title = 🏆 <b>Конкурсы</b>
contests-list-empty = Сейчас нет открытых конкурсов. Загляните позже!
contests-list-line = { $n }. <b>{ $title }</b>
    { $phase }
contests-phase-OPEN = 📝 приём работ до { $date }
contests-phase-SCHEDULED = ⏳ приём работ начнётся { $date }
contests-phase-JUDGING = ⚖️ работает жюри, итоги — { $date }
contests-phase-PUBLISHED = 🏅 итоги подведены { $date }
contests-phase-CANCELLED = ❌ конкурс отменён

# The card
contests-card-title = 🏆 <b>{ $title }</b>
contests-card-description = { $description }
contests-card-dates = 🗓 <b>Сроки</b>
    Приём работ: { $opens } — { $closes }
    Работа жюри: до { $judging }
    Итоги: { $results }
contests-card-formats = 📎 <b>Принимаются</b>: { $formats }
contests-format-file = файлы (до { $max } шт., каждый до { $mb } МБ{ $types })
contests-format-link = ссылка
contests-format-text = текст (до { $max } символов)
contests-card-nominations = 🏷 <b>Номинации</b>
    { $list }
contests-nomination-line = • { $title }{ $details }
contests-card-rules = 📜 <b>Положение</b>
    { $rules }
contests-card-mine = 📂 <b>Ваши работы</b>
    { $list }
contests-mine-line = • { $code } «{ $title }» — { $nomination }, { $status }
contests-card-can-submit = Работы принимаются до { $date }. В каждой номинации — одна работа от участника.
contests-card-all-submitted = Вы подали работы во все номинации. Изменить или отозвать их можно до { $date }.
contests-entry-status-SUBMITTED = принята
contests-entry-status-WITHDRAWN = отозвана
contests-entry-status-DISQUALIFIED = снята с конкурса
contests-rules-empty = У этого конкурса нет отдельного положения.
contests-rules-text = 📜 <b>Положение конкурса «{ $title }»</b>

    { $rules }
contests-rules-caption = Положение конкурса «{ $title }»

# The entry card
contests-entry-card = 📄 <b>Работа { $code }</b>
    Конкурс: { $contest }
    Номинация: { $nomination }
    Название: <b>{ $title }</b>
    Статус: { $status }
contests-entry-card-description = Описание: { $description }
contests-entry-card-editable = Изменить или отозвать работу можно до { $date }.
contests-entry-card-frozen = Приём работ закрыт — работа больше не меняется. Итоги придут сюда же.
contests-work-files = Файлы:
    { $list }
# The size of a file in the list of an entry's files.
contests-work-file-mb = { $size } МБ
contests-work-file-kb = { $size } КБ
contests-work-link = Ссылка: { $url }
contests-work-text = Текст:
    { $text }
contests-result-line = Итоговый балл: <b>{ $score }</b>{ $place }
    Награда: { $award }
contests-result-place = , место: { $place }
contests-result-audience = 🗳 Приз зрительских симпатий
contests-award-WINNER = диплом победителя
contests-award-PRIZE_WINNER = диплом призёра
contests-award-PARTICIPANT = диплом участника

# My entries
contests-mine-title = 📂 <b>Мои конкурсные работы</b>
contests-mine-empty = Вы ещё не подавали работ на конкурсы. Откройте /contests, чтобы выбрать конкурс.
contests-mine-item = { $code } «{ $title }» — { $contest }
    { $status }{ $result }

# Results
contests-results-title = 📊 <b>Результаты работы { $code }</b> «{ $title }»
contests-results-expert = <b>Эксперт { $n }</b> — всего { $total }
contests-results-criterion = • { $title }: { $value }
contests-results-points = { $points } из { $max }
contests-results-pass = зачтено
contests-results-fail = не зачтено
contests-results-comment = 💬 { $comment }
contests-results-none = Отзывов жюри по этой работе нет.
contests-results-disqualified = Работа снята с конкурса по критерию авторства.
contests-removed-reason = 🚫 Работа снята с конкурса решением организаторов. Причина: { $reason }

# Errors
contests-not-found = Конкурс не найден.
contests-entry-not-found = Работа не найдена.
contests-cancelled = Этот конкурс отменён.
contests-submissions-not-yet = Приём работ на этот конкурс ещё не начался.
contests-submissions-closed = Приём работ на этот конкурс закрыт: срок истёк.
contests-nomination-unknown = В этом конкурсе нет такой номинации.
contests-entry-one-per-nomination = В каждой номинации можно подать одну работу, и в этой ваша работа уже есть. Её можно изменить или отозвать в карточке конкурса.
contests-entry-title-short = Название слишком короткое: нужно хотя бы 3 символа.
contests-entry-title-long = Название слишком длинное: не больше 200 символов.
contests-entry-title-letters = В названии должны быть буквы или цифры.
contests-entry-description-long = Описание слишком длинное: не больше 1000 символов.
contests-entry-text-empty = Текст работы пустой. Пришлите его одним сообщением.
contests-entry-text-long = Текст работы слишком длинный: не больше 3500 символов. Пришлите его файлом, если конкурс принимает файлы.
contests-entry-link-bad = Это не похоже на ссылку. Пришлите адрес, начинающийся с http:// или https://.
contests-entry-file-type = Файлы такого типа не принимаются. Подойдут документы, презентации, таблицы, PDF, изображения, аудио, видео и архивы.
contests-entry-file-family = Этот конкурс не принимает файлы такого типа — посмотрите в карточке, какие подходят.
contests-entry-file-too-big = Файл слишком большой: в этом конкурсе — не больше { $mb } МБ.
contests-entry-work-empty = Работа пустая: пришлите файл, ссылку или текст — что разрешает конкурс.
contests-entry-format-not-allowed = Этот конкурс не принимает работы в таком виде — посмотрите в карточке, что подходит.
contests-entry-files-many = Можно приложить не больше { $max } файл(а/ов). Нажмите «Готово».
contests-entry-not-declared = Без подтверждения авторства работу подать нельзя.
contests-entry-withdrawn = Эта работа отозвана — её нельзя изменить.
contests-entry-frozen = Приём работ закрыт: после срока работы не меняются и не отзываются.
contests-results-not-yet = Результаты появятся после того, как жюри подведёт итоги и их опубликуют.

# Submitting
contests-submit-start = Подаём работу на конкурс «{ $contest }», номинация «{ $nomination }». Отменить можно в любой момент: /cancel
contests-submit-start-many = Подаём работу на конкурс «{ $contest }». Отменить можно в любой момент: /cancel
contests-ask-nomination = В какой номинации вы участвуете?
contests-answered-nomination = Номинация: { $value }
contests-ask-title = Как называется работа? (от 3 до 200 символов)
contests-answered-title = Название: { $value }
contests-ask-description = Коротко опишите работу (до 1000 символов) — или нажмите «Пропустить».
contests-answered-description = Описание: { $value }
contests-answered-description-none = Описание: нет
contests-clear = Очистить
contests-ask-work = <b>Сама работа</b>
    { $how }
contests-how-file = Отправьте файлы документами (📎 → Файл), по одному в сообщении. Принимаются { $files }. Подписи к файлам не сохраняются и жюри не передаются.
contests-how-link = Пришлите ссылку на работу (http:// или https://).
contests-how-text = Пришлите текст работы одним сообщением.
contests-work-received = Получено:
    { $list }
contests-work-more = Можно добавить ещё — или нажмите «Готово».
    { $how }
contests-work-done = ✅ Готово
contests-answered-work = Работа:
    { $value }
contests-answered-file = 📎 Получен файл: { $name }
contests-answered-link = 🔗 Ссылка: { $value }
contests-answered-text = 📝 Текст получен ({ $length } символов)
contests-work-send-as-file = Пришлите, пожалуйста, как файл (📎 → Файл), а не как фото или видео: так жюри получит его без сжатия.
contests-work-send-file = Этот конкурс принимает только файлы: пришлите работу документом (📎 → Файл).
contests-work-wrong-type = Такое сообщение здесь не подходит. Пришлите работу так, как написано в вопросе выше.
contests-work-file-again = Этот файл уже добавлен.
contests-ask-declaration = <b>Подтверждение авторства</b>
    Подтвердите, что работа выполнена вами лично (или вы — один из её авторов), не нарушает чужих прав и может быть показана жюри. Жюри увидит только код работы — без вашего имени и школы.
contests-declare-button = ✅ Подтверждаю, что работа моя
contests-answered-declaration = ✅ Авторство подтверждено
contests-summary = <b>Проверьте заявку</b>
    Конкурс: { $contest }
    Номинация: { $nomination }
    Название: <b>{ $title }</b>
    Описание: { $description }
    { $work }
contests-none = нет
contests-send = 📨 Отправить работу
contests-submit-cancelled = Подача работы отменена. Ничего не сохранено.
contests-submitted = ✅ Работа принята! Её код — <b>{ $code }</b>: жюри увидит только его, без вашего имени.
    Изменить или отозвать работу можно до { $date }.

# Editing and withdrawing
contests-edit-ask = Что изменить в работе «{ $title }»?
contests-edit-cancelled = Изменение отменено, работа осталась прежней.
contests-edited = ✅ Изменения сохранены.
contests-withdraw-ask = Отозвать работу { $code } «{ $title }»? Она не попадёт к жюри; код останется за ней. До окончания приёма работ в этой номинации можно будет подать новую работу.
contests-withdrawn = Работа отозвана.
contests-audience-results-button = 🗳 Итоги зрительского голосования
contests-protocol-button = 📋 Протокол итогов
contests-protocol-not-yet = Протокол готовится, попробуйте через минуту.
contests-protocol-caption = Протокол итогов конкурса «{ $title }» № { $number }
    Проверить подлинность: { $url } (код { $code })
    SHA-256: { $hash }
