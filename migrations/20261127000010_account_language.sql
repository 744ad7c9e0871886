-- The language a person reads Atelier in, remembered on their account so that what is written to
-- them away from the browser (the daily digest, invitations) is in that language, and so that
-- signing in on a new browser brings it back. Null: never chosen (French, the default).
alter table users add column locale text;
alter table users add constraint users_locale_check check (locale in ('fr', 'en'));
