## Words members type, read by the bot's parsers of dates, times and durations
## (src/shared/input-words.ts), never shown. Alternatives are separated by "|";
## the words of every language are read at once ("25 декабря" works in English too).
## Letter case does not matter.

input-month-1 = january | jan
input-month-2 = february | feb
input-month-3 = march | mar
input-month-4 = april | apr
input-month-5 = may
input-month-6 = june | jun
input-month-7 = july | jul
input-month-8 = august | aug
input-month-9 = september | sep | sept
input-month-10 = october | oct
input-month-11 = november | nov
input-month-12 = december | dec

input-weekday-0 = sunday | sun
input-weekday-1 = monday | mon
input-weekday-2 = tuesday | tue | tues
input-weekday-3 = wednesday | wed
input-weekday-4 = thursday | thu | thur | thurs
input-weekday-5 = friday | fri
input-weekday-6 = saturday | sat

input-today = today
input-tomorrow = tomorrow
input-day-after-tomorrow = day after tomorrow
# Words around a date that mean nothing to it: "on Dec 25 at 18:00"
input-date-fillers = at | on | the

input-unit-minute = m | min | mins | minute | minutes
input-unit-hour = h | hr | hrs | hour | hours
input-unit-day = d | day | days
input-unit-week = w | wk | wks | week | weeks
input-half-hour = half an hour
input-hour-and-half = an hour and a half | one and a half hours
input-and = and
input-years = years | year | yrs | yr

# Reminders: "no" for none, "at the start", "2 hours before".
input-no-reminders = none | no | off
input-at-start = at start | at the start
input-before = before
