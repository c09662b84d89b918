## Words members type, read by the bot's parsers of dates, times and durations
## (src/shared/input-words.ts), never shown. Alternatives are separated by "|";
## the words of every language are read at once ("Dec 25" works in Russian too).
## Letter case and "ё"/"е" do not matter.

input-month-1 = январь | января | январе | январю | январем | янв
input-month-2 = февраль | февраля | феврале | февралю | февралем | фев | февр
input-month-3 = март | марта | марте | марту | мартом | мар
input-month-4 = апрель | апреля | апреле | апрелю | апрелем | апр
input-month-5 = май | мая | мае | маю | маем
input-month-6 = июнь | июня | июне | июню | июнем | июн
input-month-7 = июль | июля | июле | июлю | июлем | июл
input-month-8 = август | августа | августе | августу | августом | авг
input-month-9 = сентябрь | сентября | сентябре | сентябрю | сентябрем | сен | сент
input-month-10 = октябрь | октября | октябре | октябрю | октябрем | окт
input-month-11 = ноябрь | ноября | ноябре | ноябрю | ноябрем | ноя | нояб
input-month-12 = декабрь | декабря | декабре | декабрю | декабрем | дек

input-weekday-0 = воскресенье | вс | воскр
input-weekday-1 = понедельник | пн | пон
input-weekday-2 = вторник | вт
input-weekday-3 = среда | среду | ср
input-weekday-4 = четверг | чт
input-weekday-5 = пятница | пятницу | пт
input-weekday-6 = суббота | субботу | сб

input-today = сегодня
input-tomorrow = завтра
input-day-after-tomorrow = послезавтра
# Words around a date that mean nothing to it: "в пятницу в 18:00", "25 декабря 2026 г."
input-date-fillers = в | во | г | год | года

input-unit-minute = м | мин | минута | минуту | минуты | минут
input-unit-hour = ч | час | часа | часов
input-unit-day = д | дн | день | дня | дней | сутки | суток
input-unit-week = н | нед | неделя | неделю | недели | недель
input-half-hour = полчаса
input-hour-and-half = полтора часа | полтора ч
input-and = и
input-years = лет | год | года

# Reminders: "нет" for none, "в начале" for the start, "за 2 часа".
input-no-reminders = нет | не надо | без напоминаний | никаких
input-at-start = в начале | в момент начала
input-before = за
