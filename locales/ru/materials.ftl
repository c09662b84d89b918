materials-register-first = Делиться материалами и оценивать их могут участники сообщества. Зарегистрируйтесь: /start
materials-not-found = Материал не найден или ещё не опубликован.
materials-step = <i>Материал · шаг { $n } из { $total }</i>
materials-ask-file = Пришлите файл (документ, презентацию, фото, видео, аудио, архив — до 50 МБ) или ссылку на материал.
materials-answered-file = 📎 { $value }
materials-upload-start = 📎 Получен: <b>{ $file }</b>
    Расскажите о материале — это займёт минуту.
materials-ask-title = Как называется материал? (от 3 до 200 символов)
materials-answered-title = 📝 Название: <b>{ $value }</b>
materials-ask-description = Коротко опишите материал: для чего он, как его использовать (до 2000 символов). Можно пропустить.
materials-answered-description = 📄 Описание: { $value }
materials-answered-description-none = 📄 Без описания
materials-ask-subject = К какому предмету относится материал?
materials-all-subjects = 📚 Все предметы
materials-answered-subject = 📚 Предмет: <b>{ $value }</b>
materials-ask-grades = Для каких классов материал? Отметьте все подходящие и нажмите «Готово».
materials-ask-type = Что это за материал?
materials-answered-type = 🗂 Тип: <b>{ $value }</b>
materials-ask-tags = Добавьте теги через пробел или запятую (до 10), например: <code>дроби 5класс контрольная</code>. Можно пропустить.
materials-answered-tags = 🏷 Теги: { $value }
materials-answered-tags-none = 🏷 Без тегов
materials-draft = <b>Проверьте материал перед отправкой на модерацию</b>

    📝 <b>{ $title }</b>
    🗂 { $type } · 📚 { $subject } · 🎒 { $grades }
    🏷 { $tags }
    📎 { $attachment }

    { $description }
materials-send = ✅ Отправить на модерацию
materials-sent-short = ✅ Отправлено на модерацию.
materials-sent = 🙌 Спасибо! Материал №{ $id } отправлен на модерацию. Мы сообщим, когда его проверят. Ваши материалы: /mymaterials
materials-upload-cancelled = Загрузка отменена, ничего не сохранено.
materials-field-title = ✏️ Название
materials-field-description = ✏️ Описание
materials-field-subjectCode = ✏️ Предмет
materials-field-gradeCodes = ✏️ Классы
materials-field-type = ✏️ Тип
materials-field-tags = ✏️ Теги

materials-title-short = Название слишком короткое: нужно хотя бы 3 символа.
materials-title-long = Название слишком длинное: не больше 200 символов.
materials-title-letters = В названии должны быть буквы или цифры.
materials-description-long = Описание слишком длинное: не больше 2000 символов.
materials-tags-many = Можно указать не больше 10 тегов.
materials-tags-bad = Тег — одно слово из букв и цифр длиной до 40 символов.
materials-file-type = Такой файл загрузить нельзя. Подходят: документы (doc, docx, odt, rtf, txt), презентации (ppt, pptx, odp), таблицы (xls, xlsx, ods, csv), PDF, изображения (jpg, png, gif, webp), аудио (mp3, ogg, wav, m4a), видео (mp4, mov, webm) и архивы (zip, rar, 7z). Тип файла должен совпадать с его расширением.
materials-file-macros = Файлы с макросами (docm, xlsm, pptm) не принимаются: макросы могут навредить компьютеру. Сохраните файл как обычный docx, xlsx или pptx и пришлите снова.
materials-file-no-extension = У файла нет расширения, и непонятно, что это за файл. Переименуйте его (например, «урок.pdf») и пришлите снова.
materials-file-name-hidden = В имени файла есть невидимые символы, которые меняют направление текста и скрывают настоящее расширение. Такой файл загрузить нельзя — переименуйте его и пришлите снова.
materials-file-too-big = Файл больше 50 МБ — Telegram не позволяет ботам работать с такими файлами. Сожмите его или пришлите ссылку.
materials-link-bad = Это не похоже на ссылку. Пришлите адрес, который начинается с https://
materials-type-bad = Выберите тип материала из списка.

materials-type-LESSON_PLAN = Конспект урока
materials-type-PRESENTATION = Презентация
materials-type-WORKSHEET = Рабочий лист
materials-type-TEST = Тест / контрольная с ответами
materials-type-WORK_PROGRAMME = Рабочая программа
materials-type-METHODOLOGICAL_DEVELOPMENT = Методическая разработка
materials-type-EVENT_SCRIPT = Сценарий мероприятия
materials-type-ARTICLE = Статья
materials-type-VIDEO_LESSON = Видеоурок
materials-type-OTHER = Другое

materials-status-PENDING = ⏳ на модерации
materials-status-APPROVED = ✅ опубликован
materials-status-REJECTED = ❌ отклонён
materials-status-CHANGES_REQUESTED = ✏️ нужны правки
materials-status-WITHDRAWN = 📥 снят автором
materials-status-UNPUBLISHED = 🚫 снят с публикации
materials-status-hidden = 🙈 скрыт по жалобам — ждёт проверки модератора

materials-card = { $icon } <b>{ $title }</b>
    🗂 { $type } · 📚 { $subject } · 🎒 { $grades }
    👤 { $author }
    ⭐ { $rating } · ⬇️ { $downloads } · 💬 { $comments }{ $status }{ $details }
materials-deleted-author = удалённый участник
materials-no-rating = нет оценок
materials-get-file = 📥 Скачать
materials-open-link = 🔗 Открыть
materials-rate = ⭐ Оценить
materials-comments = 💬 Комментарии ({ $count })
materials-report = ⚠️ Пожаловаться
materials-share = 📤 Поделиться
materials-edit = ✏️ Изменить
materials-withdraw = 📥 Снять
materials-withdraw-yes = 📥 Да, снять материал
materials-withdrawn = Материал снят с публикации.
materials-back = ◀️ Назад
materials-open-card = 📄 Карточка материала
materials-list-line = { $n }. { $title } · ⭐ { $rating } · ⬇️ { $downloads }

materials-rate-hint = Выберите оценку от 1 до 5
materials-rated = Ваша оценка: { $value }. Средняя: { $average } ({ $count })
materials-rating-bad = Оценка — число от 1 до 5.
materials-rating-own = Свой материал оценить нельзя.
materials-not-yours = Это не ваш материал.
materials-edit-locked = Опубликованный материал может изменить только модератор. Напишите модераторам или снимите материал и загрузите новую версию.
materials-changed-meanwhile = Материал только что изменился. Откройте карточку заново.
materials-edit-cancelled = Изменение отменено.
materials-edited = ✅ Сохранено.
materials-edited-pending = ✅ Сохранено. Материал снова отправлен на модерацию.
materials-moderators-only = Это доступно только модераторам и администраторам.
materials-already-decided = По этому материалу уже принято решение.
materials-reason-required = Напишите причину.
materials-reason-long = Слишком длинно: не больше 1000 символов.

materials-ask-comment = Напишите комментарий (до { $max } символов).
materials-answered-comment = 💬 { $value }
materials-comment-added = ✅ Комментарий добавлен.
materials-comment-cancelled = Комментарий не отправлен.
materials-comment-empty = Пустой текст — напишите хоть что-нибудь.
materials-comment-long = Слишком длинный комментарий: не больше 1000 символов.
materials-comment-gone = Комментарий уже удалён.
materials-comments-open = 💬 Комментарии
comments-title = 💬 <b>Комментарии</b> · { $title } · всего: { $total }
comments-line = { $n }. <b>{ $author }</b>, { $at }
    { $text }
comments-empty = Комментариев пока нет — будьте первым!
comments-add = ✍️ Написать комментарий

materials-ask-report = Что не так с материалом? Выберите причину или напишите свою.
materials-ask-report-comment = Что не так с комментарием? Выберите причину или напишите свою.
materials-answered-report = ⚠️ { $value }
materials-report-spam = Спам или реклама
materials-report-copyright = Нарушение авторских прав
materials-report-wrong = Ошибки в материале
materials-report-offensive = Оскорбительное содержание
materials-report-thanks = Спасибо, жалоба передана модераторам.
materials-report-already = Вы уже пожаловались на это — модераторы разберутся.
materials-report-cancelled = Жалоба не отправлена.

materials-notify-approved = ✅ Ваш материал «{ $title }» опубликован в библиотеке сообщества. Спасибо, что делитесь опытом!
materials-notify-rejected = ❌ Материал «{ $title }» отклонён модератором.
    Причина: { $reason }
materials-notify-changes = ✏️ Модератор просит доработать материал «{ $title }».
    Что исправить: { $reason }
    Откройте карточку и нажмите «Изменить» — после правок материал снова уйдёт на модерацию.
materials-notify-unpublished = 🚫 Материал «{ $title }» снят с публикации.
    Причина: { $reason }
materials-notify-hidden = 🙈 Материал «{ $title }» временно скрыт из библиотеки: на него пожаловались несколько участников. Модератор проверит жалобы — если они не подтвердятся, материал вернётся в библиотеку.
materials-notify-deleted = 🗑 Материал «{ $title }» удалён модератором.
materials-notify-comments = 💬 { $count ->
    [one] Новый комментарий
   *[other] Новых комментариев: { $count }
} к вашему материалу «{ $title }».

library-choose-subject = 📚 <b>Библиотека материалов</b>
    Выберите предмет (⭐ — ваши предметы):
library-empty = 📚 В библиотеке пока нет опубликованных материалов. Станьте первым: /upload
library-choose-grade = 📚 { $subject } — выберите класс:
library-choose-type = Какие материалы показать?
library-any-grade = Все классы
library-any-type = Все типы
library-all-materials = 🗂 Все материалы
library-all-subjects = Все предметы
library-list-title = 📚 <b>{ $path }</b> · { $order }
library-sorted-newest = сначала новые
library-sorted-popular = сначала популярные
library-order-popular = 🔥 Сначала популярные
library-order-newest = 🆕 Сначала новые
library-level-empty = Здесь пока пусто. Загляните в соседний раздел или поделитесь своим материалом: /upload
library-no-more = Больше материалов нет.
library-prev = ◀️ Назад
library-next = Дальше ▶️

search-how = 🔎 Ищите так: <code>/search сложение дробей</code> — или прямо в любом чате: наберите @имя_бота и запрос.
search-ask = Что найти? Напишите слова из названия, описания или тегов.
search-asked = 🔎 { $query }
search-cancelled = Поиск отменён.
search-inline-button = 🔎 Искать здесь
search-bad-query = Запрос должен содержать хотя бы одну букву или цифру.
search-title = 🔎 Результаты по запросу «{ $query }»
search-title-fuzzy = 🔎 Точных совпадений нет. Похожее на «{ $query }»:
search-nothing = Ничего не нашлось. Попробуйте другие слова или уберите фильтры.
search-filters = 🎛 Фильтры
search-filter-line = Фильтры: { $filters }
search-filter-subject = 📚 Предмет
search-filter-grade = 🎒 Класс
search-filter-type = 🗂 Тип
search-filter-clear = ✖️ Сбросить фильтры
search-expired = Этот поиск устарел. Повторите запрос: /search

mine-title = 📂 <b>Мои материалы</b> · всего: { $total }
mine-line = { $n }. { $title }
    { $status } · 👁 { $views } · ⬇️ { $downloads } · ⭐ { $rating }
mine-empty = Вы ещё не делились материалами. Пришлите файл или ссылку — или нажмите /upload

inline-open-in-bot = 📚 Открыть в библиотеке
inline-register = Зарегистрируйтесь, чтобы искать материалы
inline-link-message = 🔗 <b>{ $title }</b>
    { $url }
materials-moderate-own = Свой материал должен проверить другой модератор.
materials-report-own = На свой материал пожаловаться нельзя — его можно изменить или снять.
