#!/usr/bin/env python3
"""A cahier a hundred times the real one, for the search benchmark, as SQL for psql.

Usage: search_scale.py CORPUS_DIR | psql DATABASE_URL

CORPUS_DIR is the output of draft_corpus.py (its article and pages give the French text). Writes
300 thèmes (one in ten open to members only), 2,000 people (each an active member of three
thèmes), 3,000 threads of 10 posts (30,000 posts, one in fifty hidden) and 3,000 drafts of 20
revisions each (60,000 revisions, 2–5 KB of text), spread over two years. The same corpus gives
the same rows (a fixed seed). Thème numbers start at 1000: the seeded thèmes 10–12 stay as they
are. Every search column is filled by the database itself (generated columns and the revision
trigger), as for the application's own writes.
"""
import glob
import os
import random
import re
import sys
import uuid
from datetime import datetime, timedelta, timezone

THEMES, PEOPLE, THREADS_PER_THEME, POSTS_PER_THREAD = 300, 2000, 10, 10
DRAFTS_PER_THEME, REVISIONS = 10, 20

FIRST = ["Camille", "Dominique", "Claude", "Sacha", "Alix", "Louise", "Jeanne", "Hélène", "Agnès",
         "Élodie", "Inès", "Maëlle", "Zoé", "Chloé", "Léa", "Manon", "Noémie", "Gaëlle", "Jérôme",
         "François", "Benoît", "Rémi", "Loïc", "Joël", "Hervé", "Étienne", "Aurélien", "Thibault",
         "Mathieu", "Grégoire", "Yannick", "Karim", "Nadia", "Fatou", "Mehdi", "Soizic", "Anaïs"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
        "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Rousseau", "Fontaine",
        "Chevalier", "Gauthier", "Lemaître", "Bérenger", "Kerbrat", "Le Goff", "Nguyen", "Benali",
        "Diallo", "Ferré", "Morvan", "Castéra", "Peyrelongue", "Aubépine", "Quéméner", "Saïdi"]
TOPICS = ["Monnaies complémentaires", "Circuits courts alimentaires", "Coopératives d’habitants",
          "Tiers-lieux ruraux", "Insertion par l’activité économique", "Finance solidaire",
          "Mobilité partagée", "Réemploi et recyclerie", "Énergie citoyenne", "Aide à domicile",
          "Formation des bénévoles", "Prévention des risques", "Commande publique responsable",
          "Agriculture paysanne", "Culture et éducation populaire", "Santé communautaire",
          "Numérique solidaire", "Logement accompagné", "Sport pour tous", "Tourisme social"]
PLACES = ["en Bretagne", "dans le Limousin", "en Occitanie", "à Lille", "à Marseille",
          "dans les Vosges", "en Auvergne", "à Nantes", "dans le Jura", "en Guyane", "à Lyon",
          "dans la Drôme", "en Corse", "à Strasbourg", "dans le Gers"]


def text_pool(corpus):
    """Paragraphs and sentences of the corpus's Markdown (headings and lists dropped)."""
    paragraphs = []
    for path in sorted(glob.glob(os.path.join(corpus, "article", "rev-*.md")))[-1:] + sorted(
            glob.glob(os.path.join(corpus, "pages", "*.md"))):
        with open(path, encoding="utf-8") as f:
            for block in re.split(r"\n\s*\n", f.read()):
                block = block.strip()
                if len(block) > 80 and not block.startswith(("#", "-", "*", "|", ">")):
                    paragraphs.append(" ".join(block.split()))
    paragraphs = sorted(set(paragraphs))
    sentences = sorted({s.strip() for p in paragraphs for s in re.split(r"(?<=[.!?])\s+", p)
                        if len(s.strip()) > 30})
    if not paragraphs or not sentences:
        sys.exit(f"search_scale.py: no text found in {corpus}")
    return paragraphs, sentences


def copy_value(value):
    if value is None:
        return r"\N"
    value = str(value)
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def copy(out, table, columns, rows):
    out.write(f"copy {table} ({', '.join(columns)}) from stdin;\n")
    for row in rows:
        out.write("\t".join(copy_value(v) for v in row))
        out.write("\n")
    out.write("\\.\n")


def main():
    corpus = sys.argv[1]
    paragraphs, sentences = text_pool(corpus)
    rng = random.Random(19)
    new_id = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)
    start = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)
    moment = lambda: start + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
    out = sys.stdout
    out.write("\\set ON_ERROR_STOP on\nbegin;\n")

    people = []
    rows = []
    for i in range(PEOPLE):
        person = new_id()
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        people.append(person)
        rows.append((person, f"personne{i}@bench.example", name, "!bench: no password", "member",
                     moment().isoformat()))
    copy(out, "users", ["id", "email", "display_name", "password_hash", "role", "created_at"], rows)

    themes = []
    out.write("create temp table bench_themes (id uuid, number int, title text, summary text,"
              " description_md text, visibility text, created_at timestamptz) on commit drop;\n")
    rows = []
    for i in range(THEMES):
        theme = new_id()
        themes.append(theme)
        title = f"{rng.choice(TOPICS)} {rng.choice(PLACES)}"
        summary = rng.choice(sentences)
        description = "\n\n".join(rng.sample(paragraphs, 2))
        rows.append((theme, 1000 + i, title, summary, description,
                     "members" if i % 10 == 9 else "public", moment().isoformat()))
    copy(out, "bench_themes", ["id", "number", "title", "summary", "description_md", "visibility",
                               "created_at"], rows)
    out.write("insert into themes (id, axe_id, number, title, summary, description_md,"
              " description_html, visibility, created_at, updated_at)\n"
              "select b.id, (select id from axes order by number desc limit 1), b.number, b.title,"
              " b.summary, b.description_md, '<p>' || b.description_md || '</p>', b.visibility,"
              " b.created_at, b.created_at from bench_themes b;\n")

    members = {theme: [] for theme in themes}
    rows = []
    for person in people:
        for theme in rng.sample(themes, 3):
            members[theme].append(person)
            joined = moment().isoformat()
            rows.append((theme, person, "member", "active", joined, joined))
    copy(out, "memberships", ["theme_id", "user_id", "role", "state", "joined_at", "created_at"],
         rows)

    threads, posts = [], []
    for theme in themes:
        authors = members[theme] or people
        for number in range(1, THREADS_PER_THEME + 1):
            thread = new_id()
            at = moment()
            title = rng.choice(sentences)[:90].rstrip(" ,;:")
            threads.append((thread, theme, number, title, rng.choice(authors), POSTS_PER_THREAD,
                            at.isoformat(), at.isoformat()))
            for k in range(POSTS_PER_THREAD):
                body = " ".join(rng.sample(sentences, rng.randint(2, 4)))
                posted = at + timedelta(hours=k * rng.randint(1, 30))
                hidden = rng.randrange(50) == 0
                posts.append((thread, rng.choice(authors), body, f"<p>{body}</p>",
                              "t" if hidden else "f", posted.isoformat()))
    copy(out, "threads", ["id", "theme_id", "number", "title", "author_id", "post_count",
                          "last_post_at", "created_at"], threads)
    copy(out, "posts", ["thread_id", "author_id", "source", "html", "hidden", "created_at"], posts)

    drafts, revisions = [], []
    for theme in themes:
        authors = members[theme] or people
        for number in range(1, DRAFTS_PER_THEME + 1):
            draft = new_id()
            at = moment()
            chosen = rng.sample(paragraphs, rng.randint(5, 12))
            title = f"{rng.choice(TOPICS)} : {rng.choice(sentences)[:60].rstrip(' ,;:')}"
            drafts.append((draft, theme, number, title, "writing", 1, rng.choice(authors),
                           at.isoformat(), at.isoformat()))
            for r in range(1, REVISIONS + 1):
                shown = chosen[:max(2, round(len(chosen) * (r + 5) / (REVISIONS + 5)))]
                body = "## " + title + "\n\n" + "\n\n".join(shown) + "\n"
                at += timedelta(hours=rng.randint(1, 72))
                revisions.append((draft, r, r - 1 if r > 1 else None,
                                  "created" if r == 1 else "edited", rng.choice(authors),
                                  f"révision {r}", body, "{}", len(body.split()) // 10, 0,
                                  at.isoformat()))
    copy(out, "drafts", ["id", "theme_id", "number", "title", "status", "head", "created_by",
                         "created_at", "updated_at"], drafts)
    copy(out, "draft_revisions", ["draft_id", "number", "parent", "kind", "author_id", "summary",
                                  "body", "attribution", "words_added", "words_removed",
                                  "created_at"], revisions)
    out.write(f"update drafts set head = {REVISIONS}, updated_at = created_at + interval '30 days'"
              " where theme_id in (select id from bench_themes);\n")
    out.write("commit;\nanalyze;\n")


if __name__ == "__main__":
    main()
