materials-register-first = Sharing and rating materials is open to community members. Please register: /start
materials-not-found = The material wasn't found or hasn't been published yet.
materials-step = <i>Material · step { $n } of { $total }</i>
materials-ask-file = Send a file (a document, presentation, photo, video, audio or archive — up to 50 MB) or a link to the material.
materials-answered-file = 📎 { $value }
materials-upload-start = 📎 Received: <b>{ $file }</b>
    Tell us about the material — it'll only take a minute.
materials-ask-title = What is the material called? (3 to 200 characters)
materials-answered-title = 📝 Title: <b>{ $value }</b>
materials-ask-description = Briefly describe the material: what it's for and how to use it (up to 2000 characters). You can skip this.
materials-answered-description = 📄 Description: { $value }
materials-answered-description-none = 📄 No description
materials-ask-subject = Which subject is the material for?
materials-all-subjects = 📚 All subjects
materials-answered-subject = 📚 Subject: <b>{ $value }</b>
materials-ask-grades = Which grades is the material for? Select all that apply and tap “Done”.
materials-ask-type = What kind of material is it?
materials-answered-type = 🗂 Type: <b>{ $value }</b>
materials-ask-tags = Add tags separated by spaces or commas (up to 10), for example: <code>fractions grade5 test</code>. You can skip this.
materials-answered-tags = 🏷 Tags: { $value }
materials-answered-tags-none = 🏷 No tags
materials-draft = <b>Check the material before sending it for moderation</b>

    📝 <b>{ $title }</b>
    🗂 { $type } · 📚 { $subject } · 🎒 { $grades }
    🏷 { $tags }
    📎 { $attachment }

    { $description }
materials-send = ✅ Send for moderation
materials-sent-short = ✅ Sent for moderation.
materials-sent = 🙌 Thank you! Material #{ $id } has been sent for moderation. We'll let you know once it has been reviewed. Your materials: /mymaterials
materials-upload-cancelled = Upload cancelled; nothing was saved.
materials-field-title = ✏️ Title
materials-field-description = ✏️ Description
materials-field-subjectCode = ✏️ Subject
materials-field-gradeCodes = ✏️ Grades
materials-field-type = ✏️ Type
materials-field-tags = ✏️ Tags

materials-title-short = The title is too short: it needs at least 3 characters.
materials-title-long = The title is too long: 200 characters at most.
materials-title-letters = The title must contain letters or digits.
materials-description-long = The description is too long: 2000 characters at most.
materials-tags-many = You can add at most 10 tags.
materials-tags-bad = A tag is a single word of letters and digits, up to 40 characters long.
materials-file-type = This type of file can't be uploaded. Accepted: documents (doc, docx, odt, rtf, txt), presentations (ppt, pptx, odp), spreadsheets (xls, xlsx, ods, csv), PDF, images (jpg, png, gif, webp), audio (mp3, ogg, wav, m4a), video (mp4, mov, webm) and archives (zip, rar, 7z). The file's type must match its extension.
materials-file-macros = Files with macros (docm, xlsm, pptm) are not accepted: macros can harm a computer. Save the file as a plain docx, xlsx or pptx and send it again.
materials-file-no-extension = The file has no extension, so there is no telling what it is. Rename it (for example, “lesson.pdf”) and send it again.
materials-file-name-hidden = The file name contains invisible characters that reverse the text and hide the real extension. Such a file can't be uploaded: rename it and send it again.
materials-file-too-big = The file is larger than 50 MB — Telegram doesn't let bots handle files that big. Compress it or send a link instead.
materials-link-bad = That doesn't look like a link. Send an address starting with https://
materials-type-bad = Choose a material type from the list.

materials-type-LESSON_PLAN = Lesson plan
materials-type-PRESENTATION = Presentation
materials-type-WORKSHEET = Worksheet
materials-type-TEST = Test / quiz with answers
materials-type-WORK_PROGRAMME = Course syllabus (work programme)
materials-type-METHODOLOGICAL_DEVELOPMENT = Teaching guide
materials-type-EVENT_SCRIPT = Event script
materials-type-ARTICLE = Article
materials-type-VIDEO_LESSON = Video lesson
materials-type-OTHER = Other

materials-status-PENDING = ⏳ awaiting moderation
materials-status-APPROVED = ✅ published
materials-status-REJECTED = ❌ rejected
materials-status-CHANGES_REQUESTED = ✏️ changes requested
materials-status-WITHDRAWN = 📥 withdrawn by the author
materials-status-UNPUBLISHED = 🚫 unpublished
materials-status-hidden = 🙈 hidden after reports — waiting for a moderator

materials-card = { $icon } <b>{ $title }</b>
    🗂 { $type } · 📚 { $subject } · 🎒 { $grades }
    👤 { $author }
    ⭐ { $rating } · ⬇️ { $downloads } · 💬 { $comments }{ $status }{ $details }
materials-deleted-author = deleted member
materials-no-rating = no ratings
materials-get-file = 📥 Download
materials-open-link = 🔗 Open
materials-rate = ⭐ Rate
materials-comments = 💬 Comments ({ $count })
materials-report = ⚠️ Report
materials-share = 📤 Share
materials-edit = ✏️ Edit
materials-withdraw = 📥 Withdraw
materials-withdraw-yes = 📥 Yes, withdraw the material
materials-withdrawn = The material has been withdrawn.
materials-back = ◀️ Back
materials-open-card = 📄 Material card
materials-list-line = { $n }. { $title } · ⭐ { $rating } · ⬇️ { $downloads }

materials-rate-hint = Choose a rating from 1 to 5
materials-rated = Your rating: { $value }. Average: { $average } ({ $count })
materials-rating-bad = A rating is a number from 1 to 5.
materials-rating-own = You can't rate your own material.
materials-not-yours = This isn't your material.
materials-edit-locked = Only a moderator can change a published material. Write to the moderators, or withdraw the material and upload a new version.
materials-changed-meanwhile = The material has just changed. Please open its card again.
materials-edit-cancelled = Editing cancelled.
materials-edited = ✅ Saved.
materials-edited-pending = ✅ Saved. The material has been sent for moderation again.
materials-moderators-only = This is only available to moderators and administrators.
materials-already-decided = A decision has already been made on this material.
materials-reason-required = Please write a reason.
materials-reason-long = Too long: 1000 characters at most.

materials-ask-comment = Write a comment (up to { $max } characters).
materials-answered-comment = 💬 { $value }
materials-comment-added = ✅ Comment added.
materials-comment-cancelled = The comment wasn't sent.
materials-comment-empty = The text is empty — please write something.
materials-comment-long = The comment is too long: 1000 characters at most.
materials-comment-gone = The comment has already been deleted.
materials-comments-open = 💬 Comments
comments-title = 💬 <b>Comments</b> · { $title } · total: { $total }
comments-line = { $n }. <b>{ $author }</b>, { $at }
    { $text }
comments-empty = No comments yet — be the first!
comments-add = ✍️ Write a comment

materials-ask-report = What's wrong with the material? Choose a reason or write your own.
materials-ask-report-comment = What's wrong with the comment? Choose a reason or write your own.
materials-answered-report = ⚠️ { $value }
materials-report-spam = Spam or advertising
materials-report-copyright = Copyright infringement
materials-report-wrong = Errors in the material
materials-report-offensive = Offensive content
materials-report-thanks = Thank you, your report has been passed on to the moderators.
materials-report-already = You've already reported this — the moderators will look into it.
materials-report-cancelled = The report wasn't sent.

materials-notify-approved = ✅ Your material “{ $title }” has been published in the community library. Thank you for sharing your experience!
materials-notify-rejected = ❌ Your material “{ $title }” was rejected by a moderator.
    Reason: { $reason }
materials-notify-changes = ✏️ A moderator asks you to revise your material “{ $title }”.
    What to fix: { $reason }
    Open its card and tap “Edit” — once you've made the changes, the material will go back for moderation.
materials-notify-unpublished = 🚫 Your material “{ $title }” has been unpublished.
    Reason: { $reason }
materials-notify-hidden = 🙈 Your material “{ $title }” is hidden from the library for now: several members reported it. A moderator will review the reports; if they are not upheld, the material returns to the library.
materials-notify-deleted = 🗑 Your material “{ $title }” was deleted by a moderator.
materials-notify-comments = 💬 { $count ->
    [one] A new comment
   *[other] { $count } new comments
} on your material “{ $title }”.

library-choose-subject = 📚 <b>Materials library</b>
    Choose a subject (⭐ — your subjects):
library-empty = 📚 There are no published materials in the library yet. Be the first: /upload
library-choose-grade = 📚 { $subject } — choose a grade:
library-choose-type = Which materials should I show?
library-any-grade = All grades
library-any-type = All types
library-all-materials = 🗂 All materials
library-all-subjects = All subjects
library-list-title = 📚 <b>{ $path }</b> · { $order }
library-sorted-newest = newest first
library-sorted-popular = most popular first
library-order-popular = 🔥 Most popular first
library-order-newest = 🆕 Newest first
library-level-empty = Nothing here yet. Have a look at a neighbouring section or share a material of your own: /upload
library-no-more = There are no more materials.
library-prev = ◀️ Back
library-next = Next ▶️

search-how = 🔎 Search like this: <code>/search adding fractions</code> — or right from any chat: type the bot's @username followed by your query.
search-ask = What are you looking for? Type words from the title, description or tags.
search-asked = 🔎 { $query }
search-cancelled = Search cancelled.
search-inline-button = 🔎 Search here
search-bad-query = The query must contain at least one letter or digit.
search-title = 🔎 Results for “{ $query }”
search-title-fuzzy = 🔎 No exact matches. Similar to “{ $query }”:
search-nothing = Nothing found. Try other words or clear the filters.
search-filters = 🎛 Filters
search-filter-line = Filters: { $filters }
search-filter-subject = 📚 Subject
search-filter-grade = 🎒 Grade
search-filter-type = 🗂 Type
search-filter-clear = ✖️ Clear filters
search-expired = This search has expired. Please search again: /search

mine-title = 📂 <b>My materials</b> · total: { $total }
mine-line = { $n }. { $title }
    { $status } · 👁 { $views } · ⬇️ { $downloads } · ⭐ { $rating }
mine-empty = You haven't shared any materials yet. Send a file or a link — or tap /upload

inline-open-in-bot = 📚 Open in the library
inline-register = Register to search materials
inline-link-message = 🔗 <b>{ $title }</b>
    { $url }
materials-moderate-own = Another moderator has to review your own material.
materials-report-own = You can't report your own material — you can edit or withdraw it.
