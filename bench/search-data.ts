// Synthetic teaching materials for the search benchmark (bench/search.ts):
// realistic Russian titles and descriptions built from word lists per subject,
// with the skew a real library has (a few words such as «урок», «класс»,
// «ФГОС», «презентация» in 10–60 % of the rows, topic words in 0.1–3 %,
// names and terms in a few hundred rows), some English (English lessons,
// "Lesson plan", "Worksheet"), grade ranges that fit the subject, and the query
// sets the benchmark runs. Everything comes from a seeded PRNG, so a seed
// always produces the same library and the same queries.

import type { MaterialFilters } from "../src/features/materials/materials.search.js";
import type { MaterialType } from "../src/features/materials/materials.types.js";
import { prng } from "./scenario.js";

/** mulberry32 (shared with the update benchmark): small, fast, good enough for test data. */
export const createRng = prng;

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

interface SubjectSpec {
  code: string;
  /** Relative share of the library. */
  weight: number;
  /** «по математике» */
  dative: string;
  /** «урок математики» */
  genitive: string;
  /** Grade codes the subject is taught in. */
  grades: string[];
  topics: string[];
  /** Terms a description may mention («Ключевые понятия: …»). */
  terms: string[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

export const SUBJECTS: SubjectSpec[] = [
  {
    code: "math", weight: 9, dative: "математике", genitive: "математики", grades: range(1, 6),
    topics: ["Сложение дробей", "Вычитание дробей", "Умножение дробей", "Деление дробей", "Десятичные дроби", "Обыкновенные дроби", "Проценты", "Пропорции", "Признаки делимости", "Наибольший общий делитель", "Наименьшее общее кратное", "Координатная плоскость", "Отрицательные числа", "Площадь прямоугольника", "Периметр многоугольника", "Задачи на движение", "Решение уравнений", "Натуральные числа", "Округление чисел", "Масштаб", "Длина окружности", "Смешанные числа"],
    terms: ["числитель", "знаменатель", "делимое", "делитель", "множитель", "частное", "слагаемое", "координата", "модуль числа", "процент"],
  },
  {
    code: "algebra", weight: 5, dative: "алгебре", genitive: "алгебры", grades: range(7, 11),
    topics: ["Квадратные уравнения", "Теорема Виета", "Линейная функция", "Квадратичная функция", "Системы уравнений", "Неравенства", "Арифметическая прогрессия", "Геометрическая прогрессия", "Степень с натуральным показателем", "Формулы сокращённого умножения", "Логарифмы", "Производная", "Тригонометрические уравнения", "Квадратные корни", "Многочлены", "Разложение на множители", "Первообразная и интеграл"],
    terms: ["дискриминант", "парабола", "гипербола", "асимптота", "логарифм", "синус", "косинус", "тангенс", "экспонента", "интеграл"],
  },
  {
    code: "geometry", weight: 4, dative: "геометрии", genitive: "геометрии", grades: range(7, 11),
    topics: ["Теорема Пифагора", "Признаки равенства треугольников", "Параллельные прямые", "Вписанная окружность", "Площадь треугольника", "Подобие треугольников", "Векторы", "Параллелограмм", "Трапеция", "Многогранники", "Тела вращения", "Центральные и вписанные углы", "Решение треугольников"],
    terms: ["гипотенуза", "катет", "биссектриса", "медиана", "высота треугольника", "хорда", "радиус", "призма", "пирамида", "цилиндр"],
  },
  {
    code: "russian", weight: 9, dative: "русскому языку", genitive: "русского языка", grades: range(5, 11),
    topics: ["Правописание безударных гласных", "Части речи", "Имя существительное", "Имя прилагательное", "Глагол", "Причастный оборот", "Деепричастный оборот", "Сложноподчинённое предложение", "Знаки препинания", "Морфемный разбор", "Синтаксический разбор", "Правописание НЕ с глаголами", "Спряжение глаголов", "Падежи существительных", "Фонетический разбор", "Подготовка к сочинению", "Словарные слова", "Однородные члены предложения"],
    terms: ["орфограмма", "пунктограмма", "суффикс", "приставка", "окончание", "причастие", "деепричастие", "наречие", "подлежащее", "сказуемое"],
  },
  {
    code: "literature", weight: 6, dative: "литературе", genitive: "литературы", grades: range(5, 11),
    topics: ["«Евгений Онегин» Пушкина", "«Мёртвые души» Гоголя", "«Преступление и наказание» Достоевского", "«Война и мир» Толстого", "Лирика Лермонтова", "Поэзия Серебряного века", "«Капитанская дочка»", "Басни Крылова", "«Муму» Тургенева", "«Тарас Бульба»", "Сказки Пушкина", "«Горе от ума»", "«Отцы и дети»", "Творчество Есенина", "«Мастер и Маргарита»", "Стихотворения Тютчева", "«Левша» Лескова"],
    terms: ["эпитет", "метафора", "олицетворение", "гипербола", "антитеза", "ямб", "хорей", "амфибрахий", "анапест", "композиция"],
  },
  {
    code: "physics", weight: 5, dative: "физике", genitive: "физики", grades: range(7, 11),
    topics: ["Законы Ньютона", "Закон Ома", "Электрический ток", "Механическое движение", "Плотность вещества", "Сила трения", "Давление твёрдых тел", "Архимедова сила", "Работа и мощность", "Тепловые явления", "Световые явления", "Магнитное поле", "Электромагнитная индукция", "Строение атомного ядра", "Колебания и волны", "Закон сохранения энергии"],
    terms: ["ускорение", "инерция", "импульс", "сопротивление", "напряжение", "конденсатор", "индуктивность", "преломление", "дифракция", "изотоп"],
  },
  {
    code: "chemistry", weight: 4, dative: "химии", genitive: "химии", grades: range(8, 11),
    topics: ["Периодическая система Менделеева", "Строение атома", "Химическая связь", "Окислительно-восстановительные реакции", "Классы неорганических соединений", "Кислоты", "Основания", "Соли", "Электролитическая диссоциация", "Углеводороды", "Спирты и фенолы", "Валентность", "Химические уравнения", "Растворы"],
    terms: ["валентность", "электроотрицательность", "катализатор", "гидролиз", "изомерия", "алканы", "алкены", "оксиды", "молярная масса", "индикатор"],
  },
  {
    code: "biology", weight: 6, dative: "биологии", genitive: "биологии", grades: range(5, 11),
    topics: ["Фотосинтез", "Строение клетки", "Деление клетки", "Основы генетики", "Законы Менделя", "Эволюция органического мира", "Экосистемы", "Пищеварительная система", "Кровеносная система", "Нервная система", "Царство грибов", "Бактерии", "Вирусы", "Многообразие растений", "Млекопитающие", "Насекомые", "Дыхание растений", "Обмен веществ"],
    terms: ["хлоропласт", "митохондрия", "рибосома", "хромосома", "мейоз", "митоз", "фермент", "гомеостаз", "биоценоз", "симбиоз"],
  },
  {
    code: "history", weight: 6, dative: "истории", genitive: "истории", grades: range(5, 11),
    topics: ["Древний Египет", "Древняя Греция", "Древний Рим", "Крещение Руси", "Монгольское нашествие", "Смутное время", "Реформы Петра I", "Отечественная война 1812 года", "Великая Отечественная война", "Сталинградская битва", "Отмена крепостного права", "Революция 1917 года", "Эпоха Возрождения", "Великие географические открытия", "Холодная война", "Средневековая Европа"],
    terms: ["фараон", "полис", "республика", "феодализм", "крепостничество", "опричнина", "реформация", "индустриализация", "коллективизация", "самодержавие"],
  },
  {
    code: "social_studies", weight: 4, dative: "обществознанию", genitive: "обществознания", grades: range(6, 11),
    topics: ["Права человека", "Конституция Российской Федерации", "Экономика семьи", "Политическая система", "Гражданское общество", "Социальные группы", "Рыночная экономика", "Правовое государство", "Налоги", "Избирательное право", "Духовная культура", "Финансовая грамотность"],
    terms: ["демократия", "суверенитет", "легитимность", "социализация", "стратификация", "инфляция", "бюджет", "правоотношения", "мораль", "глобализация"],
  },
  {
    code: "geography", weight: 4, dative: "географии", genitive: "географии", grades: range(5, 11),
    topics: ["Материки и океаны", "Климат России", "Природные зоны", "Литосфера", "Атмосфера", "Гидросфера", "Население мира", "Географические координаты", "Рельеф Земли", "Реки и озёра", "Полезные ископаемые", "Экономические районы России", "Часовые пояса", "Топографическая карта"],
    terms: ["широта", "долгота", "азимут", "муссон", "пассат", "тундра", "тайга", "урбанизация", "миграция", "вулкан"],
  },
  {
    code: "informatics", weight: 4, dative: "информатике", genitive: "информатики", grades: range(5, 11),
    topics: ["Алгоритмы и исполнители", "Системы счисления", "Программирование на Python", "Циклы", "Массивы", "Логические выражения", "Информационная безопасность", "Электронные таблицы", "Базы данных", "Кодирование информации", "Компьютерные сети", "Графы", "Программирование в Scratch"],
    terms: ["алгоритм", "переменная", "цикл", "массив", "рекурсия", "бит", "байт", "протокол", "шифрование", "интерпретатор"],
  },
  {
    code: "english", weight: 7, dative: "английскому языку", genitive: "английского языка", grades: range(2, 11),
    topics: ["Present Simple", "Present Continuous", "Past Simple", "Future Simple", "Present Perfect", "Modal verbs", "Passive voice", "Conditionals", "Irregular verbs", "Reported speech", "Degrees of comparison", "Christmas traditions", "My family", "Healthy lifestyle", "Travelling", "Английский алфавит", "Времена английского глагола"],
    terms: ["vocabulary", "grammar", "reading", "listening", "speaking", "writing", "phrasal verbs", "articles", "pronouns", "prepositions"],
  },
  {
    code: "german", weight: 1, dative: "немецкому языку", genitive: "немецкого языка", grades: range(5, 11),
    topics: ["Немецкий алфавит", "Артикли", "Perfekt", "Präsens", "Моя семья", "Времена года", "Спряжение глаголов"],
    terms: ["Wortschatz", "Grammatik", "артикль", "склонение", "модальные глаголы"],
  },
  {
    code: "french", weight: 1, dative: "французскому языку", genitive: "французского языка", grades: range(5, 11),
    topics: ["Passé composé", "Французский алфавит", "Артикли", "Моя семья", "Праздники Франции"],
    terms: ["vocabulaire", "grammaire", "артикль", "спряжение", "произношение"],
  },
  {
    code: "primary", weight: 9, dative: "начальным классам", genitive: "в начальной школе", grades: range(1, 4),
    topics: ["Состав числа", "Сложение и вычитание в пределах 10", "Таблица умножения", "Звуки и буквы", "Обучение грамоте", "Чтение по слогам", "Литературное чтение", "Прописи", "Задачи на сложение", "Геометрические фигуры", "Мягкий знак", "Парные согласные", "Словарные слова", "Устный счёт", "Сравнение чисел"],
    terms: ["слог", "ударение", "гласные", "согласные", "разряд", "десяток", "единицы", "сумма", "разность", "звуковая схема"],
  },
  {
    code: "world_around", weight: 4, dative: "окружающему миру", genitive: "окружающего мира", grades: range(1, 4),
    topics: ["Времена года", "Дикие и домашние животные", "Растения", "Человек и природа", "Водоёмы", "Солнечная система", "Круговорот воды в природе", "Органы чувств", "Правила дорожного движения", "Природные сообщества", "Моя Родина"],
    terms: ["термометр", "компас", "горизонт", "глобус", "заповедник", "Красная книга", "созвездие", "листопад", "перелётные птицы", "светофор"],
  },
  {
    code: "music", weight: 2, dative: "музыке", genitive: "музыки", grades: range(1, 8),
    topics: ["Музыкальные инструменты", "Творчество Чайковского", "Народная песня", "Симфонический оркестр", "Ритм и метр", "Опера", "Балет", "Жанры музыки"],
    terms: ["мелодия", "темп", "тембр", "динамика", "либретто", "увертюра", "симфония", "ноктюрн"],
  },
  {
    code: "art", weight: 2, dative: "изобразительному искусству", genitive: "ИЗО", grades: range(1, 7),
    topics: ["Натюрморт", "Пейзаж", "Портрет", "Цветоведение", "Хохломская роспись", "Гжель", "Дымковская игрушка", "Декоративно-прикладное искусство", "Линейная перспектива"],
    terms: ["композиция", "колорит", "акварель", "гуашь", "орнамент", "штриховка", "светотень", "эскиз"],
  },
  {
    code: "technology", weight: 2, dative: "технологии", genitive: "технологии", grades: range(5, 9),
    topics: ["Обработка древесины", "Кулинария", "Швейная машина", "Проектная деятельность", "Робототехника", "3D-моделирование", "Основы электротехники"],
    terms: ["лобзик", "выкройка", "чертёж", "шов", "рецепт", "микроконтроллер", "датчик"],
  },
  {
    code: "pe", weight: 3, dative: "физкультуре", genitive: "физкультуры", grades: range(1, 11),
    topics: ["Лёгкая атлетика", "Гимнастика", "Баскетбол", "Волейбол", "Футбол", "Лыжная подготовка", "Подвижные игры", "Нормативы ГТО", "Общая физическая подготовка"],
    terms: ["разминка", "эстафета", "выносливость", "координация", "гибкость", "челночный бег", "подтягивание"],
  },
  {
    code: "safety", weight: 2, dative: "ОБЗР", genitive: "ОБЗР", grades: range(5, 11),
    topics: ["Пожарная безопасность", "Первая помощь", "Чрезвычайные ситуации", "Гражданская оборона", "Безопасность в интернете", "Правила поведения на воде", "Профилактика терроризма"],
    terms: ["эвакуация", "жгут", "противогаз", "огнетушитель", "травма", "кровотечение"],
  },
  {
    code: "astronomy", weight: 1, dative: "астрономии", genitive: "астрономии", grades: ["10", "11"],
    topics: ["Солнечная система", "Звёзды", "Галактики", "Луна", "Небесная сфера", "Законы Кеплера"],
    terms: ["орбита", "эклиптика", "созвездие", "светимость", "квазар"],
  },
  {
    code: "economics", weight: 1, dative: "экономике", genitive: "экономики", grades: ["10", "11", "spo"],
    topics: ["Спрос и предложение", "Деньги", "Банковская система", "Инфляция", "Предпринимательство"],
    terms: ["дефицит", "эластичность", "рентабельность", "амортизация", "дивиденды"],
  },
  {
    code: "law", weight: 1, dative: "праву", genitive: "права", grades: ["10", "11", "spo"],
    topics: ["Гражданское право", "Уголовная ответственность", "Права ребёнка", "Трудовое право"],
    terms: ["правонарушение", "дееспособность", "юрисдикция", "истец", "ответчик"],
  },
  {
    code: "world_art", weight: 1, dative: "МХК", genitive: "МХК", grades: ["10", "11"],
    topics: ["Искусство Древней Греции", "Русская икона", "Архитектура барокко", "Импрессионизм"],
    terms: ["фреска", "мозаика", "ордер", "готика", "модерн"],
  },
  {
    code: "preschool", weight: 4, dative: "дошкольному образованию", genitive: "в детском саду", grades: ["preschool"],
    topics: ["Развитие речи", "Сенсорное развитие", "Пальчиковая гимнастика", "Осенний утренник", "Дидактические игры", "Лепка", "Аппликация", "Формирование элементарных математических представлений", "Ознакомление с окружающим"],
    terms: ["мнемотаблица", "логоритмика", "сенсорика", "кинезиология", "моторика"],
  },
  {
    code: "additional", weight: 2, dative: "дополнительному образованию", genitive: "кружка", grades: [...range(1, 11), "adult"],
    topics: ["Театральная студия", "Шахматы", "Вокальный кружок", "Краеведение", "Туризм", "Робототехника"],
    terms: ["дебют", "эндшпиль", "маршрут", "экспозиция", "репетиция"],
  },
  {
    code: "special_needs", weight: 2, dative: "логопедии", genitive: "логопедического занятия", grades: ["preschool", "1", "2", "3", "4"],
    topics: ["Постановка звука Р", "Артикуляционная гимнастика", "Фонематический слух", "Дисграфия", "Коррекционные занятия", "Развитие мелкой моторики"],
    terms: ["сигматизм", "ротацизм", "дислексия", "автоматизация звука", "дифференциация звуков"],
  },
  {
    code: "psychology", weight: 1, dative: "психологии", genitive: "психологического занятия", grades: range(1, 11),
    topics: ["Адаптация первоклассников", "Профориентация", "Профилактика буллинга", "Тревожность", "Стресс перед экзаменами", "Тренинг общения"],
    terms: ["рефлексия", "эмпатия", "самооценка", "релаксация", "арт-терапия"],
  },
  {
    code: "class_teacher", weight: 4, dative: "воспитательной работе", genitive: "классного часа", grades: range(1, 11),
    topics: ["Родительское собрание", "День Победы", "День матери", "Новый год", "Профилактика вредных привычек", "Разговоры о важном", "День знаний", "Безопасные каникулы", "Характеристика ученика", "День народного единства"],
    terms: ["патриотизм", "толерантность", "волонтёрство", "самоуправление", "портфолио"],
  },
];

interface TypeSpec {
  type: MaterialType;
  weight: number;
  /** How a title names this type. */
  phrases: string[];
  /** Short name inside a sentence: «В разработке …». */
  inSentence: string;
}

export const TYPES: TypeSpec[] = [
  { type: "LESSON_PLAN", weight: 22, phrases: ["Конспект урока", "План урока", "Технологическая карта урока", "Открытый урок", "Урок-игра", "Lesson plan"], inSentence: "конспекте" },
  { type: "PRESENTATION", weight: 17, phrases: ["Презентация", "Презентация к уроку", "Интерактивная презентация"], inSentence: "презентации" },
  { type: "WORKSHEET", weight: 14, phrases: ["Рабочий лист", "Карточки с заданиями", "Тренажёр", "Worksheet"], inSentence: "рабочем листе" },
  { type: "TEST", weight: 14, phrases: ["Тест", "Контрольная работа", "Проверочная работа", "Самостоятельная работа", "Тест с ответами", "Quiz"], inSentence: "работе" },
  { type: "WORK_PROGRAMME", weight: 5, phrases: ["Рабочая программа", "Календарно-тематическое планирование", "КТП"], inSentence: "программе" },
  { type: "METHODOLOGICAL_DEVELOPMENT", weight: 8, phrases: ["Методическая разработка", "Методические рекомендации", "Дидактический материал"], inSentence: "разработке" },
  { type: "EVENT_SCRIPT", weight: 8, phrases: ["Сценарий мероприятия", "Сценарий внеклассного мероприятия", "Викторина", "Квест", "Игра-путешествие"], inSentence: "сценарии" },
  { type: "ARTICLE", weight: 5, phrases: ["Статья", "Из опыта работы", "Доклад", "Выступление на методобъединении"], inSentence: "статье" },
  { type: "VIDEO_LESSON", weight: 4, phrases: ["Видеоурок", "Видеоразбор", "Видеолекция"], inSentence: "видео" },
  { type: "OTHER", weight: 3, phrases: ["Памятка", "Плакат", "Раздаточный материал", "Игра"], inSentence: "материале" },
];

/** People and places a description may mention: each person in about 200 materials out of a million. */
export const NAMES = [
  "Ломоносов", "Лобачевский", "Менделеев", "Вернадский", "Циолковский", "Королёв", "Павлов", "Мечников", "Попов", "Курчатов",
  "Ковалевская", "Колмогоров", "Пирогов", "Тимирязев", "Вавилов", "Сеченов", "Бутлеров", "Капица", "Ландау", "Сахаров",
  "Пушкин", "Лермонтов", "Гоголь", "Чехов", "Тургенев", "Некрасов", "Бунин", "Куприн", "Паустовский", "Пришвин",
  "Ушинский", "Макаренко", "Сухомлинский", "Выготский", "Корчак", "Монтессори", "Шаталов", "Амонашвили", "Занков", "Эльконин",
  "Суворов", "Кутузов", "Нахимов", "Ушаков", "Жуков", "Рокоссовский", "Гагарин", "Терешкова", "Леонов", "Столыпин",
  // More people, so that the rare-word queries of the benchmark can be drawn apart from its warm-up.
  "Бородин", "Мусоргский", "Глинка", "Рахманинов", "Скрябин", "Прокофьев", "Шостакович", "Свиридов", "Кабалевский", "Репин",
  "Суриков", "Левитан", "Шишкин", "Айвазовский", "Васнецов", "Врубель", "Кустодиев", "Поленов", "Брюллов", "Крамской",
  "Саврасов", "Куинджи", "Ахматова", "Цветаева", "Маяковский", "Пастернак", "Мандельштам", "Заболоцкий", "Твардовский", "Шолохов",
  "Булгаков", "Астафьев", "Шукшин", "Солженицын", "Бианки", "Житков", "Драгунский", "Маршак", "Чуковский", "Михалков",
  "Заходер", "Катаев", "Гайдар", "Кассиль", "Одоевский", "Державин", "Карамзин", "Грибоедов", "Радищев", "Фонвизин",
  "Островский", "Гончаров", "Короленко", "Зощенко", "Аверченко", "Эйлер", "Гаусс", "Евклид", "Декарт", "Паскаль",
  "Лейбниц", "Галилей", "Коперник", "Фарадей", "Максвелл", "Резерфорд", "Эйнштейн", "Дарвин", "Линней", "Пастер",
  "Лавуазье", "Чебышёв", "Ляпунов", "Остроградский", "Яблочков", "Лодыгин", "Туполев", "Сикорский", "Ползунов", "Кулибин",
  "Пржевальский", "Крузенштерн", "Беллинсгаузен", "Дежнёв", "Хабаров", "Пожарский", "Мономах", "Шаляпин", "Станиславский", "Дягилев",
];
export const CITIES = [
  "Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань", "Нижний Новгород", "Челябинск", "Самара", "Омск", "Ростов-на-Дону",
  "Уфа", "Красноярск", "Воронеж", "Пермь", "Волгоград", "Краснодар", "Саратов", "Тюмень", "Тольятти", "Ижевск",
  "Барнаул", "Ульяновск", "Иркутск", "Хабаровск", "Ярославль", "Владивосток", "Махачкала", "Томск", "Оренбург", "Кемерово",
  "Новокузнецк", "Рязань", "Астрахань", "Пенза", "Липецк", "Киров", "Чебоксары", "Тула", "Калининград", "Курск",
  "Сургут", "Ставрополь", "Улан-Удэ", "Тверь", "Магнитогорск", "Брянск", "Иваново", "Белгород", "Владимир", "Архангельск",
];
const GENERAL_TAGS = ["ФГОС", "ОГЭ", "ЕГЭ", "ВПР", "олимпиада", "домашнее задание", "групповая работа", "игра", "проект", "интерактив", "с ответами", "функциональная грамотность", "повторение", "итоговая аттестация"];
const ENGLISH_TAGS = ["quiz", "worksheet", "grammar", "vocabulary", "speaking", "ESL"];

const OPENINGS = [
  (t: string, g: string) => `Материал для ${g} класса по теме «${t}».`,
  (t: string, g: string) => `Разработка по теме «${t}» для учеников ${g} класса.`,
  (t: string, g: string) => `Тема: «${t}». Класс: ${g}.`,
  (t: string, _g: string) => `Помогает разобрать тему «${t}» на уроке и дома.`,
];
const MIDDLES = [
  (s: SubjectSpec, ty: TypeSpec) => `В ${ty.inSentence} задания разного уровня сложности, ответы и критерии оценивания.`,
  (s: SubjectSpec, _ty: TypeSpec) => `Подойдёт для урока ${s.genitive}, факультатива и подготовки к олимпиаде.`,
  (_s: SubjectSpec, _ty: TypeSpec) => `Есть пошаговые объяснения, примеры и упражнения для самопроверки.`,
  (_s: SubjectSpec, ty: TypeSpec) => `В ${ty.inSentence} учтены требования обновлённого ФГОС.`,
  (_s: SubjectSpec, _ty: TypeSpec) => `Используются групповая работа, работа в парах и элементы игры.`,
  (_s: SubjectSpec, _ty: TypeSpec) => `Цель: закрепить знания и развить функциональную грамотность учащихся.`,
];
const ENDINGS = [
  () => `Можно использовать при подготовке к ОГЭ и ЕГЭ.`,
  () => `Подходит для дистанционного обучения.`,
  () => `Проверено на практике, дети работают с интересом.`,
  () => `Буду рада отзывам и комментариям коллег!`,
  () => `Для печати формат А4.`,
  () => `Suitable for group work and homework.`,
];

function weighted<T extends { weight: number }>(items: readonly T[]): (rng: Rng) => T {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  let acc = 0;
  const cumulative = items.map((i) => (acc += i.weight / total));
  return (rng) => {
    const r = rng();
    const index = cumulative.findIndex((c) => r < c);
    return items[index === -1 ? items.length - 1 : index]!;
  };
}
const pickSubject = weighted(SUBJECTS);
const pickType = weighted(TYPES);

/** One generated material: the columns the benchmark inserts. */
export interface GeneratedMaterial {
  title: string;
  description: string;
  subjectCode: string;
  gradeCodes: string[];
  type: MaterialType;
  tags: string[];
  kind: "DOCUMENT" | "PHOTO" | "VIDEO" | "LINK";
  fileName: string | null;
  mimeType: string | null;
  url: string | null;
  downloadCount: number;
  ratingCount: number;
  ratingSum: number;
  commentCount: number;
}

function gradesFor(rng: Rng, subject: SubjectSpec): string[] {
  const first = Math.floor(rng() * subject.grades.length);
  const span = chance(rng, 0.6) ? 1 : chance(rng, 0.6) ? 2 : 3;
  return subject.grades.slice(first, Math.min(subject.grades.length, first + span));
}

function gradeLabel(grades: string[]): string {
  const numeric = grades.every((g) => /^\d+$/.test(g));
  if (!numeric) return grades[0] === "preschool" ? "подготовительной группы" : "колледжа";
  return grades.length === 1 ? grades[0]! : `${grades[0]}–${grades[grades.length - 1]}`;
}

function title(rng: Rng, subject: SubjectSpec, type: TypeSpec, topic: string, grades: string[]): string {
  const phrase = pick(rng, type.phrases);
  const g = gradeLabel(grades);
  const numeric = /^\d/.test(g);
  const gradeWord = numeric ? `${g} класс` : g;
  switch (Math.floor(rng() * 6)) {
    case 0:
      return `${phrase} по теме «${topic}»`;
    case 1:
      return `${phrase} «${topic}», ${gradeWord}`;
    case 2:
      return `${topic}: ${phrase.toLowerCase()} для ${numeric ? `${g} класса` : g}`;
    case 3:
      return `${phrase} по ${subject.dative} «${topic}»`;
    case 4:
      return `${topic}. ${phrase} (${gradeWord}${chance(rng, 0.5) ? ", ФГОС" : ""})`;
    default:
      return `${phrase} ${numeric ? `${g} класс` : g}: ${topic.toLowerCase()}`;
  }
}

function description(rng: Rng, subject: SubjectSpec, type: TypeSpec, topic: string, grades: string[]): string {
  const g = gradeLabel(grades);
  const parts = [pick(rng, OPENINGS)(topic, g), pick(rng, MIDDLES)(subject, type)];
  if (chance(rng, 0.5)) {
    const second = pick(rng, MIDDLES)(subject, type);
    if (second !== parts[1]) parts.push(second);
  }
  if (chance(rng, 0.3)) parts.push(`Ключевые понятия: ${pick(rng, subject.terms)}, ${pick(rng, subject.terms)}.`);
  if (chance(rng, 0.03)) parts.push(`В материале упоминается ${pick(rng, NAMES)}.`);
  if (chance(rng, 0.15)) parts.push(`Опыт МБОУ СОШ № ${1 + Math.floor(rng() * 200)}, г. ${pick(rng, CITIES)}.`);
  parts.push(pick(rng, ENDINGS)());
  return parts.join(" ");
}

const FILES: Record<string, [string, string]> = {
  LESSON_PLAN: ["konspekt.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  PRESENTATION: ["prezentaciya.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
  WORKSHEET: ["rabochiy-list.pdf", "application/pdf"],
  TEST: ["test.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  WORK_PROGRAMME: ["programma.pdf", "application/pdf"],
  METHODOLOGICAL_DEVELOPMENT: ["razrabotka.pdf", "application/pdf"],
  EVENT_SCRIPT: ["scenariy.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ARTICLE: ["statya.pdf", "application/pdf"],
  VIDEO_LESSON: ["videourok.mp4", "video/mp4"],
  OTHER: ["material.pdf", "application/pdf"],
};

/** Generates one material. */
export function generateMaterial(rng: Rng): GeneratedMaterial {
  const subject = pickSubject(rng);
  const type = pickType(rng);
  const topic = pick(rng, subject.topics);
  const grades = gradesFor(rng, subject);
  const tags = new Set<string>();
  const tagCount = Math.floor(rng() * 4);
  for (let i = 0; i < tagCount; i++) {
    const r = rng();
    tags.add(r < 0.5 ? pick(rng, GENERAL_TAGS) : r < 0.8 ? pick(rng, subject.terms) : subject.code === "english" ? pick(rng, ENGLISH_TAGS) : topic.toLowerCase().replace(/[«»]/g, ""));
  }
  const isLink = type.type === "VIDEO_LESSON" ? chance(rng, 0.6) : chance(rng, 0.1);
  const [fileName, mimeType] = FILES[type.type]!;
  const ratingCount = Math.floor(Math.exp(rng() * 3)) - 1;
  return {
    title: title(rng, subject, type, topic, grades).slice(0, 200),
    description: description(rng, subject, type, topic, grades).slice(0, 2000),
    subjectCode: subject.code,
    gradeCodes: grades,
    type: type.type,
    tags: [...tags].map((t) => t.slice(0, 40)),
    kind: isLink ? "LINK" : type.type === "VIDEO_LESSON" ? "VIDEO" : chance(rng, 0.05) ? "PHOTO" : "DOCUMENT",
    fileName: isLink ? null : fileName,
    mimeType: isLink ? null : mimeType,
    url: isLink ? `https://example.org/materials/${Math.floor(rng() * 1e9)}` : null,
    // Heavy-tailed, as downloads are: most materials have a few, some thousands.
    downloadCount: Math.floor(Math.exp(rng() * rng() * 8)) - 1,
    ratingCount,
    ratingSum: ratingCount === 0 ? 0 : Math.round(ratingCount * (3 + rng() * 2)),
    commentCount: Math.floor(Math.exp(rng() * 2.5)) - 1,
  };
}

// ---------------------------------------------------------------------------
// Query sets
// ---------------------------------------------------------------------------

/** One benchmark query: what a member typed, the filters chosen, the page asked for. */
export interface BenchQuery {
  text: string;
  filters: MaterialFilters;
  offset: number;
}

/** Words in about 200 materials each (0.02 %): the names no topic mentions. */
export const RARE_WORDS = NAMES.filter((name) => !SUBJECTS.some((s) => s.topics.some((t) => t.includes(name.slice(0, 5)))));

/**
 * What members could type, drawn from the library itself: the words of a sample of generated
 * materials (title, tags, description), and the pairs of neighbouring title words («сложение
 * дробей», «конспект урока», «рабочий лист»), each with the subject of the material it came from. The benchmark
 * sorts them into classes by their share of rows (from PostgreSQL's statistics), so the query
 * sets follow the data instead of a hand-picked list.
 */
export function candidateQueries(seed: number, samples = 5000): { words: Map<string, string>; pairs: Map<string, string> } {
  const rng = createRng(seed);
  const words = new Map<string, string>();
  const pairs = new Map<string, string>();
  const tokens = (text: string) => (text.toLowerCase().match(/[\p{L}]+/gu) ?? []).filter((w) => Array.from(w).length >= 3);
  for (let i = 0; i < samples; i++) {
    const m = generateMaterial(rng);
    for (const w of tokens(`${m.title} ${m.tags.join(" ")} ${m.description}`)) if (!words.has(w)) words.set(w, m.subjectCode);
    // Neighbours within one part of the title (not across «», a colon, a number…): «сложение дробей».
    for (const part of m.title.toLowerCase().split(/[^\p{L}\s-]+/u)) {
      const t = part.split(/\s+/u).filter(Boolean);
      for (let k = 0; k + 1 < t.length; k++) {
        const [a, b] = [t[k]!, t[k + 1]!];
        const pair = `${a} ${b}`;
        if (/^\p{L}{3,}$/u.test(a) && /^\p{L}{3,}$/u.test(b) && a !== b && !pairs.has(pair)) pairs.set(pair, m.subjectCode);
      }
    }
  }
  return { words, pairs };
}

/** Source words for typos: long topic words, with their subject. */
export function typoSources(): { word: string; subject: string }[] {
  const seen = new Map<string, string>();
  for (const s of SUBJECTS) {
    for (const t of s.topics) {
      for (const w of t.split(/[\s«»:.,()]+/u)) {
        const word = w.toLowerCase();
        if (word.length >= 7 && /^[а-яё]+$/u.test(word) && !seen.has(word)) seen.set(word, s.code);
      }
    }
  }
  return [...seen].map(([word, subject]) => ({ word, subject }));
}

/** One plausible typo of `word` (a letter swapped for a similar one, left out, or two letters transposed). */
export function typoOf(rng: Rng, word: string): string {
  const swaps: Record<string, string> = { о: "а", а: "о", е: "и", и: "е", з: "с", с: "з", т: "д", д: "т" };
  for (;;) {
    const i = 1 + Math.floor(rng() * (word.length - 2));
    const kind = Math.floor(rng() * 3);
    const typo =
      kind === 0 && swaps[word[i]!]
        ? word.slice(0, i) + swaps[word[i]!] + word.slice(i + 1)
        : kind === 1
          ? word.slice(0, i) + word.slice(i + 1) // a letter missed
          : word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // two letters swapped
    if (typo !== word) return typo;
  }
}

/** Shuffles a copy of `items` (Fisher–Yates with the given PRNG). */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Filters a member would plausibly pick: a subject, often a grade of it, sometimes a type. */
export function randomFilters(rng: Rng, subjectCode?: string): MaterialFilters {
  const subject = subjectCode ? SUBJECTS.find((s) => s.code === subjectCode)! : pickSubject(rng);
  const filters: MaterialFilters = { subjectCode: subject.code };
  if (chance(rng, 0.6)) filters.gradeCode = pick(rng, subject.grades);
  if (chance(rng, 0.4)) filters.type = pickType(rng).type;
  return filters;
}
