privacy-policy = <b>Privacy policy</b>

    <b>What we store.</b> Your Telegram ID and username; your profile details: full name, role, subjects, grades, region, city, workplace (if you gave one), teaching experience, time zone, language; the date and version of your consent to the processing of personal data. And what you do in the community: your materials, ratings, downloads, comments and reports; event registrations, check-ins and feedback; events and broadcasts you created; your digest settings; delivery records of messages sent to you; entries in the administrators' audit log that concern you.

    <b>Why.</b> To maintain your profile in the community, pick materials and events for your subjects, send you announcements and reminders, and issue certificates.

    <b>Who can see it.</b> Community administrators and moderators. Other members see only your name as the author of materials and comments you publish.

    <b>Your rights.</b> /mydata — get all your stored data as a file. /profile — correct your profile. /forgetme — withdraw your consent and delete your personal data; materials you have published will stay in the community, signed “deleted member”.
privacy-mydata-button = 📦 Download my data
privacy-forget-button = 🗑 Delete my data
privacy-nothing-stored = We don't store anything about you.
privacy-mydata-caption = All the data the bot stores about you.
privacy-forget-confirm = <b>Delete your personal data?</b>
    Your profile and Telegram ID will be permanently deleted, and your consent will be withdrawn. Your places at upcoming events will be freed (members on the waitlist get them), and your broadcasts that are scheduled or still being sent will be cancelled. Your comments, feedback and report texts, unpublished materials and digest settings will be deleted. Published materials will stay, signed “deleted member”. You can come back to the community at any time by registering again.
privacy-forget-yes = 🗑 Yes, delete
privacy-forget-no = No, keep it
privacy-forget-kept = OK, your data stays as it was.
privacy-forgotten = ✅ Your personal data has been deleted. Thank you for being with us! To come back: /start
