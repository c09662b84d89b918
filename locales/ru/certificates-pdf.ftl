# The PDF documents and the portfolio (src/features/certificates/certificates.pdf.ts).
# Russian only in the files sent: they go to education offices. The English copy
# exists because every locale has every key.
# Never «свидетельство о публикации» (the community is not a registered mass medium)
# and no words of a qualification course («повышение квалификации», «обучение», «курс»).

certificates-pdf-number = № { $number }
certificates-pdf-issued = Дата выдачи: { $date }
certificates-pdf-code = Код проверки: { $code }
certificates-pdf-verify-hint = Проверить подлинность:
certificates-pdf-no-name = —

certificates-pdf-title-PUBLICATION = СПРАВКА
certificates-pdf-title-PARTICIPATION = СЕРТИФИКАТ
certificates-pdf-title-SPEAKER = СЕРТИФИКАТ
certificates-pdf-title-DIPLOMA = ДИПЛОМ
certificates-pdf-title-JURY = СЕРТИФИКАТ

certificates-pdf-subtitle-PUBLICATION = о размещении методического материала
certificates-pdf-subtitle-PARTICIPATION = участника
certificates-pdf-subtitle-SPEAKER = спикера
certificates-pdf-subtitle-jury-member = члена жюри
certificates-pdf-subtitle-jury-chair = председателя жюри
certificates-pdf-subtitle-diploma-winner = победителя ({ $place } место)
certificates-pdf-subtitle-diploma-prize = призёра ({ $place } место)
certificates-pdf-subtitle-diploma-prize-no-place = призёра
certificates-pdf-subtitle-diploma-participant = участника
certificates-pdf-subtitle-diploma-audience = «Приз зрительских симпатий»

certificates-pdf-intro-PUBLICATION = Настоящая справка подтверждает, что
certificates-pdf-intro-PARTICIPATION = Настоящий сертификат подтверждает, что
certificates-pdf-intro-SPEAKER = Настоящий сертификат подтверждает, что
certificates-pdf-intro-DIPLOMA = Настоящий диплом подтверждает, что
certificates-pdf-intro-JURY = Настоящий сертификат подтверждает, что

certificates-pdf-body-publication = разместил(а) в методической библиотеке сетевого педагогического сообщества «{ $community }» материал «{ $title }»
certificates-pdf-body-participation = принял(а) участие в { $eventIn } «{ $title }», { $date }
certificates-pdf-body-participation-hours = принял(а) участие в { $eventIn } «{ $title }», { $date }, в объёме { $hours } { $hours ->
        [one] академического часа
       *[other] академических часов
    }
certificates-pdf-body-speaker = выступил(а) спикером на { $eventIn } «{ $title }», { $date }
certificates-pdf-body-diploma = { $degree ->
        [WINNER] стал(а) победителем конкурса «{ $contest }»
        [PRIZE_WINNER] стал(а) призёром конкурса «{ $contest }»
        [AUDIENCE] стал(а) обладателем приза зрительских симпатий конкурса «{ $contest }»
       *[PARTICIPANT] принял(а) участие в конкурсе «{ $contest }»
    }
certificates-pdf-body-diploma-nomination = в номинации «{ $nomination }»
certificates-pdf-body-diploma-work = с работой «{ $title }»
certificates-pdf-body-jury-member = входил(а) в состав жюри конкурса «{ $contest }»
certificates-pdf-body-jury-chair = был(а) председателем жюри конкурса «{ $contest }»
certificates-pdf-body-community = Сетевое педагогическое сообщество «{ $community }»

# The event's kind in the prepositional case: «участие в вебинаре», «спикером на вебинаре».
certificates-pdf-event-in-SEMINAR = семинаре
certificates-pdf-event-in-WEBINAR = вебинаре
certificates-pdf-event-in-MASTER_CLASS = мастер-классе
certificates-pdf-event-in-CONFERENCE = конференции
certificates-pdf-event-in-PEDAGOGICAL_COUNCIL = педагогическом совете
certificates-pdf-event-in-PROJECT_FESTIVAL = фестивале проектов
certificates-pdf-event-in-TELECONFERENCE = телемосте
certificates-pdf-event-in-OTHER = мероприятии

certificates-pdf-fact-type = Вид материала: { $value }
certificates-pdf-fact-subject = Предмет: { $value }
certificates-pdf-fact-grades = Классы: { $value }
certificates-pdf-fact-published = Дата размещения: { $value }
certificates-pdf-fact-link = Материал в библиотеке: { $value }

certificates-pdf-hours = { $hours } { $hours ->
        [one] академический час
        [few] академических часа
        [many] академических часов
       *[other] академического часа
    }

certificates-pdf-portfolio-title = ПОРТФОЛИО ПЕДАГОГА
certificates-pdf-portfolio-subtitle = Документы, выданные сетевым педагогическим сообществом «{ $community }»
certificates-pdf-portfolio-position = Должность: { $value }
certificates-pdf-portfolio-school = Образовательная организация: { $value }
certificates-pdf-portfolio-city = Населённый пункт: { $value }
certificates-pdf-portfolio-experience = Педагогический стаж: { $value }
certificates-pdf-portfolio-subjects = Предметы: { $value }
certificates-pdf-portfolio-section-publications = Размещённые методические материалы
certificates-pdf-portfolio-section-participation = Участие в мероприятиях
certificates-pdf-portfolio-section-speaker = Выступления в качестве спикера
certificates-pdf-portfolio-section-diplomas = Результаты участия в конкурсах
certificates-pdf-portfolio-section-jury = Работа в жюри конкурсов
certificates-pdf-portfolio-empty = Нет документов.
certificates-pdf-portfolio-total-hours = Итого: { $hours } { $hours ->
        [one] академический час
        [few] академических часа
        [many] академических часов
       *[other] академического часа
    }
certificates-pdf-portfolio-generated = Сформировано { $date }. Каждый документ можно проверить по коду на { $url }
certificates-pdf-portfolio-page = Страница { $page } из { $pages }
certificates-pdf-portfolio-signed = { $title } { $name }

# The issuer when COMMUNITY_NAME / CERTIFICATE_SIGNER_NAME / CERTIFICATE_SIGNER_TITLE are unset.
# The community's own name when COMMUNITY_NAME is unset: documents print it in «»
# after "Сетевое педагогическое сообщество", so not that phrase again.
certificates-pdf-default-community = Учительская сеть
certificates-pdf-default-signer-name = Координатор сообщества
certificates-pdf-default-signer-title = Координатор сетевого педагогического сообщества
