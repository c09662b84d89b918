# The public pages of documents: /v/<code> (verification) and /p/<slug> (portfolio). Plain text, no tags.
certificates-page-valid = Документ действителен
certificates-page-revoked = Документ отозван
certificates-page-issuer = Выдан: { $community }
certificates-page-kind-label = Вид документа
certificates-page-kind-publication = Справка о размещении материала
certificates-page-kind-participation = Сертификат участника
certificates-page-kind-speaker = Сертификат спикера
certificates-page-kind-diploma = Диплом
certificates-page-kind-jury = Сертификат члена жюри
certificates-page-kind-protocol = Протокол подведения итогов конкурса
certificates-page-contest-label = Конкурс
certificates-page-nomination-label = Номинация
certificates-page-result-label = Результат
certificates-page-degree = { $degree ->
        [WINNER] Победитель
        [PRIZE_WINNER] Призёр
        [AUDIENCE] Приз зрительских симпатий
       *[PARTICIPANT] Участник
    }{ $place ->
        [0] {""}
       *[other] {" "}({ $place } место)
    }
certificates-page-role-label = Роль
certificates-page-jury-role = { $chair ->
        [yes] Председатель жюри
       *[no] Член жюри
    }
certificates-page-entries-label = Работы
certificates-page-entries = принято { $entries }, допущено { $admitted }, дисквалифицировано { $disqualified }
certificates-page-confirmed-label = Итоги утверждены
certificates-page-title-label = За что
certificates-page-holder-label = Владелец
certificates-page-holder-erased = Данные владельца удалены
certificates-page-name-masked = Полное имя скрыто по желанию владельца
certificates-page-issued-label = Дата выдачи
certificates-page-hours-label = Объём
certificates-page-hours = { $hours } { $hours ->
        [one] академический час
        [few] академических часа
       *[many] академических часов
    }
certificates-page-number-label = Номер
certificates-page-sha256-label = SHA-256 файла PDF
certificates-page-sha256-pending = Файл документа ещё готовится
certificates-page-sha256-hint = Если SHA-256 вашего файла совпадает с этим, файл не изменён после выдачи.
certificates-page-revoked-at-label = Дата отзыва
certificates-page-revoked-reason-label = Причина
certificates-page-cause-material-unpublished = Материал снят с публикации
certificates-page-cause-material-deleted = Материал удалён
certificates-page-cause-checkin-annulled = Участие в мероприятии не подтверждено
certificates-page-cause-replaced = Выдан новый документ взамен этого
certificates-page-cause-admin = Отозван администратором сообщества
certificates-page-replaced-by = Заменён документом № { $number }
certificates-page-portfolio = Портфолио
certificates-page-portfolio-anonymous = Документы участника сообщества
certificates-page-portfolio-count = Действительных документов: { $count }
certificates-page-portfolio-empty = Действительных документов пока нет.
certificates-page-not-found = Не найдено
certificates-page-not-found-text = По этому адресу ничего нет. Проверьте адрес или отсканируйте QR-код на документе ещё раз.
certificates-page-rate-limited = Слишком много запросов
certificates-page-rate-limited-text = Подождите { $seconds } с и обновите страницу.
certificates-page-unavailable = Проверка временно недоступна
certificates-page-unavailable-text = Попробуйте обновить страницу через минуту.
certificates-page-footer = Страница проверки подлинности документов сообщества «{ $community }».
