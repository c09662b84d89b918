# /certificates, /portfolio, /verify, admin revoke and reissue, the organiser's panel of an event
# (src/features/certificates/*.feature.ts, certificates.render.ts).
# Never «свидетельство о публикации» (the community is not a registered mass medium).

command-certificates = Мои документы: справки, сертификаты, дипломы
command-portfolio = Портфолио для аттестации (PDF)
command-verify = Проверить документ по коду
command-revoke = Отозвать документ: /revoke КОД причина
command-reissue = Перевыпустить документ: /reissue КОД
certificates-menu-button = 🎓 Мои документы

certificates-kind-PUBLICATION = Справка о размещении материала
certificates-kind-PARTICIPATION = Сертификат участника
certificates-kind-SPEAKER = Сертификат спикера
certificates-kind-DIPLOMA = Диплом конкурса
certificates-kind-JURY = Сертификат члена жюри
certificates-kind-PROTOCOL = Протокол итогов конкурса

certificates-hours = { $hours } { $hours ->
        [one] академический час
        [few] академических часа
       *[many] академических часов
    }

## The list and the card

certificates-title = <b>🎓 Мои документы</b> ({ $total })
certificates-empty =
    Документов пока нет. Они выдаются автоматически:
    • справка о размещении — когда ваш материал одобрен и опубликован в библиотеке;
    • сертификат участника — за мероприятие, на котором вы отметились (/checkin), после его окончания;
    • сертификат спикера — за выступление на мероприятии сообщества;
    • дипломы и сертификаты жюри — по итогам конкурсов.
certificates-line = { $n }. { $revoked ->
        [yes] ❌
       *[no] ✅
    } <b>{ $number }</b> · { $kind }
    { $title }
certificates-list-button = { $n }. { $number }
certificates-prev = ◀️
certificates-next = ▶️
certificates-back = ⬅️ Назад
certificates-consent-button-on = ✅ ФИО на страницах проверки: согласие дано
certificates-consent-button-off = 👤 Публиковать ФИО на страницах проверки?
certificates-public-button-on = 🌐 Публичное портфолио: включено
certificates-public-button-off = 🌐 Публичное портфолио: выключено
certificates-portfolio-button = 📘 Портфолио (PDF)

certificates-card =
    <b>{ $kind }</b>
    № { $number }
    «{ $title }»
    Дата выдачи: { $date }
certificates-card-event-date = Дата мероприятия: { $date }
certificates-card-hours = Объём: { $hours }
certificates-card-contest = Конкурс: «{ $contest }»
certificates-card-nomination = Номинация: «{ $nomination }»
certificates-card-degree = Результат: { $degree ->
        [WINNER] победитель
        [PRIZE_WINNER] призёр
        [AUDIENCE] приз зрительских симпатий
       *[PARTICIPANT] участник
    }{ $place ->
        [0] {""}
       *[other] {" "}({ $place } место)
    }
certificates-card-jury-role = Роль: { $chair ->
        [yes] председатель жюри
       *[no] член жюри
    }
certificates-card-protocol-counts = Работ принято: { $entries }, допущено: { $admitted }, дисквалифицировано: { $disqualified }
certificates-card-confirmed = Итоги утверждены председателем жюри: { $date }
certificates-status-valid = Статус: ✅ действителен
certificates-status-revoked = Статус: ❌ отозван { $date }
certificates-revoked-notice = ⚠️ Ваш документ отозван: { $kind } № { $number } «{ $title }». Проверка по его коду теперь показывает, что он недействителен.
certificates-cause = Основание: { $cause }
certificates-cause-material-unpublished = материал снят с публикации модератором
certificates-cause-material-deleted = материал удалён модератором
certificates-cause-checkin-annulled = отметка о присутствии аннулирована организатором
certificates-cause-replaced = документ перевыпущен
certificates-cause-admin = решение администратора
certificates-reason = Причина: { $reason }
certificates-replaced-by = Заменён документом № { $number }
certificates-card-verify = Проверка подлинности: { $url }
certificates-card-code = Код проверки: <code>{ $code }</code>
certificates-download = ⬇️ Скачать PDF
certificates-being-prepared = Документ ещё готовится — PDF придёт сюда через минуту-другую.

## Consent to publish the full name (152-FZ: publishing is distribution, it needs its own consent)

certificates-consent-text =
    <b>Согласие на публикацию ФИО</b>

    По коду или QR-коду с документа любой человек может проверить его подлинность — в боте (/verify) или на странице проверки. Без вашего согласия там показывается только маска имени (например, «И******а А. П.»), номер, название, дата и статус документа.

    Если вы согласны, на страницах проверки ваших документов и в вашем публичном портфолио (если вы его включите) будут опубликованы ваши <b>фамилия, имя и отчество</b> так, как они указаны в документе. Это распространение персональных данных, поэтому нужно отдельное согласие (ст. 10.1 Федерального закона № 152-ФЗ «О персональных данных»). Оно не влияет на выдачу документов: документы выдаются и без него.

    Согласие можно отозвать в любой момент этой же кнопкой — с этого момента имя снова будет показываться маской.

    Сейчас: { $given ->
        [yes] ✅ согласие дано.
       *[no] согласие не дано.
    }
certificates-consent-agree = ✅ Согласен(на) на публикацию ФИО
certificates-consent-withdraw = ↩️ Отозвать согласие
certificates-consent-given = Согласие дано: на страницах проверки теперь видно ваше ФИО.
certificates-consent-withdrawn = Согласие отозвано: имя снова показывается маской.

certificates-public-text =
    <b>Публичное портфолио</b>

    Страница со списком ваших действующих документов для тех, кому вы дадите ссылку (например, для аттестационной комиссии). Имя на ней показывается полностью только при согласии на публикацию ФИО.

certificates-public-off = Сейчас страница выключена.
certificates-public-on = Страница включена: { $url }
certificates-public-enable = 🌐 Включить
certificates-public-disable = 🚫 Выключить

## /portfolio

certificates-portfolio-wait = Портфолио уже собирается. Подождите { $seconds } с и попробуйте снова.
certificates-portfolio-caption = 📘 Портфолио для аттестации: документов — { $count }, академических часов участия — { $hours }.
certificates-experience = { $years } { $years ->
        [one] год
        [few] года
       *[many] лет
    }

## /verify and the deep link v_<code>

certificates-verify-usage = Чтобы проверить документ, отправьте его код проверки: /verify КОД (код напечатан на документе под QR-кодом).
certificates-not-found = Документ с таким кодом не найден. Проверьте код: он напечатан на документе под QR-кодом.
certificates-verify-title = 🔎 <b>Проверка документа</b>
certificates-verify-holder = Владелец: { $name }
certificates-verify-masked = (полное имя скрыто: владелец не давал согласия на его публикацию)
certificates-verify-erased = Владелец: данные удалены по его просьбе
certificates-verify-hash = SHA-256 файла: <code>{ $hash }</code>
certificates-verify-status-valid = ✅ <b>Документ действителен</b>
certificates-verify-status-revoked = ❌ <b>Документ отозван</b> { $date }

## Admins: revoke and reissue

certificates-admin-reissue = 🔁 Перевыпустить
certificates-admin-revoke = ⛔ Отозвать
certificates-reissue-confirm =
    Перевыпустить документ № { $number }?

    Будет выдан новый документ (новый номер и код) с ФИО, должностью и школой владельца такими, какие они в его профиле сейчас, — например, после исправления имени. Старый документ будет отозван с пометкой «заменён документом № …».
certificates-reissue-yes = 🔁 Да, перевыпустить
certificates-reissued = Документ № { $old } перевыпущен: новый № { $number }, код <code>{ $code }</code>. Владелец получит PDF.
certificates-reissue-usage = Использование: /reissue КОД
certificates-revoke-usage = Использование: /revoke КОД причина
certificates-revoke-ask = Напишите причину отзыва документа № { $number } (до { $max } символов). Её увидят владелец и все, кто проверяет документ.
certificates-revoke-answered = Причина: { $value }
certificates-revoke-cancelled = Отзыв отменён.
certificates-revoked = Документ № { $number } отозван.

## Errors of the service

certificates-organisers-only = Это действие доступно только организаторам (модераторам и администраторам).
certificates-admins-only = Это действие доступно только администраторам.
certificates-event-not-over = Сертификаты участникам выдаются после окончания мероприятия.
certificates-event-no-hours = Сначала укажите объём мероприятия в академических часах.
certificates-event-no-attendees = На мероприятии пока никто не отметился: выдавать сертификаты некому.
certificates-event-not-started = Сертификат спикера выдаётся, когда мероприятие началось.
certificates-holder-unregistered = Этот человек не зарегистрирован в сообществе или удалил свои данные: документ выдать нельзя.
certificates-reason-required = Напишите причину отзыва.
certificates-reason-long = Причина слишком длинная: не больше { $max } символов.
certificates-already-revoked = Документ уже отозван.
certificates-holder-erased = Владелец удалил свои данные: перевыпустить документ нельзя.
certificates-issued-caption = 🎓 Ваш документ готов: { $kind }, № { $number }.
    Код проверки: <code>{ $code }</code>. Все ваши документы — /certificates

## The organiser's panel of an event

certificates-event-button = 🎓 Сертификаты ({ $count })
certificates-event-panel =
    <b>🎓 Сертификаты: «{ $title }»</b>

    Объём: { $hours }
    Отметились на мероприятии: { $attendees }
    Выдано сертификатов участника: { $issued }
    Выдано сертификатов спикера: { $speakers }
certificates-event-hours-none = не указан
certificates-event-hours-hint = Выберите объём в академических часах:
certificates-event-hours-other = ✏️ Другое число
certificates-event-hours-ask = Напишите объём мероприятия в академических часах — целое число от 1 до { $max }.
certificates-event-hours-bad = Нужно целое число от 1 до { $max }.
certificates-event-hours-answered = Объём: { $value }
certificates-event-hours-set = Объём сохранён: { $hours }.
certificates-event-hours-cancelled = Объём не изменён.
certificates-event-open = 🎓 К сертификатам мероприятия
certificates-event-issue = 📨 Выдать сертификаты участникам
certificates-event-issue-queued = Сертификаты поставлены в очередь для { $count } { $count ->
        [one] участника
       *[other] участников
    }: они придут им в личные сообщения.
certificates-event-issue-all-done = Все отметившиеся участники уже получили сертификаты.
certificates-event-speaker = 🎤 Сертификат спикеру
certificates-speaker-ask = Кому выдать сертификат спикера? Напишите @username или часть ФИО участника сообщества.
certificates-speaker-answered = Поиск: { $value }
certificates-speaker-bad = Напишите от 2 до 100 символов: @username или часть ФИО.
certificates-speaker-none = Никого не нашлось по запросу «{ $query }». Попробуйте ещё раз кнопкой «Сертификат спикеру».
certificates-speaker-pick = Выберите спикера (найдено: { $count }):
certificates-speaker-issued = Сертификат спикера выдан: { $name }, № { $number }.
certificates-speaker-already = У { $name } уже есть сертификат спикера этого мероприятия: № { $number }.
certificates-speaker-cancelled = Выдача сертификата спикера отменена.
certificates-event-annul = 🚫 Аннулировать отметку
certificates-annul-title = Чью отметку о присутствии аннулировать? Сертификат участника этого человека будет отозван. Отметились: { $count }.
certificates-annul-none = На мероприятии никто не отметился.
certificates-annul-confirm = Аннулировать отметку участника { $name }? Его сертификат участника (если выдан) будет отозван, и на странице проверки это будет видно.
certificates-annul-yes = 🚫 Да, аннулировать
certificates-annul-done = Отметка { $name } аннулирована.
certificates-unknown-member = Участник № { $id }
certificates-file-caption = { $kind }, № { $number }. Код проверки: <code>{ $code }</code>
# Notes of portfolio lines (the PDF is in Russian in every locale).
certificates-portfolio-note-diploma = { $degree ->
        [WINNER] победитель
        [PRIZE_WINNER] призёр
        [AUDIENCE] приз зрительских симпатий
       *[PARTICIPANT] участник
    }{ $place ->
        [0] {""}
       *[other] {" "}({ $place } место)
    }
certificates-portfolio-note-nomination = номинация «{ $nomination }»
certificates-portfolio-note-chair = председатель жюри

