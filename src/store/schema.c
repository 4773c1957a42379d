/* SQLite schema migrations, oldest first. See schema.h. */
#include "schema.h"

const char *const schema_migrations[] = {
    /* 1: categories, articles, tags and view counts. */
    "CREATE TABLE categories ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  position INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE category_texts ("
    "  category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,"
    "  lang TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (category_id, lang)"
    ") WITHOUT ROWID;"
    "CREATE TABLE articles ("
    "  id INTEGER PRIMARY KEY,"
    "  lang TEXT NOT NULL,"
    "  slug TEXT NOT NULL,"
    "  category_id INTEGER NOT NULL REFERENCES categories(id),"
    "  title TEXT NOT NULL,"
    "  subtitle TEXT NOT NULL DEFAULT '',"
    "  author TEXT NOT NULL,"
    "  published_at INTEGER NOT NULL,"
    "  status INTEGER NOT NULL CHECK (status IN (0, 1)),"
    "  body_markdown TEXT NOT NULL,"
    "  body_html TEXT NOT NULL,"
    "  translation_key TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  UNIQUE (lang, slug)"
    ");"
    "CREATE INDEX articles_by_date ON articles (lang, status, published_at DESC, id DESC);"
    "CREATE INDEX articles_by_category"
    "  ON articles (lang, category_id, status, published_at DESC, id DESC);"
    "CREATE INDEX articles_by_translation ON articles (translation_key)"
    "  WHERE translation_key IS NOT NULL;"
    "CREATE TABLE article_tags ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  tag TEXT NOT NULL,"
    "  PRIMARY KEY (article_id, tag)"
    ") WITHOUT ROWID;"
    "CREATE INDEX article_tags_by_tag ON article_tags (tag);"
    /* Views live apart from articles so that counting never rewrites an
    ** article row (nor, later, its search index entry). */
    "CREATE TABLE article_views ("
    "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
    "  count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0)"
    ");",

    /* 2: the search index, one FTS5 table per edition (each edition has its
    ** own stemming), and a table of facts about the database itself. The
    ** index starts stale; gazette rebuilds it from the articles. */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "INSERT INTO meta (key, value) VALUES ('search_stale', '1');"
    "CREATE VIRTUAL TABLE search_en USING fts5(title, subtitle, body, tokenize = 'gazette en');"
    "CREATE VIRTUAL TABLE search_ru USING fts5(title, subtitle, body, tokenize = 'gazette ru');"
    "CREATE VIRTUAL TABLE search_az USING fts5(title, subtitle, body, tokenize = 'gazette az');",

    /* 3: bodies move to a table of their own, so that article rows stay
    ** small: lists, search filters and counts read many rows and never
    ** need the text. */
    "CREATE TABLE article_bodies ("
    "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
    "  body_markdown TEXT NOT NULL,"
    "  body_html TEXT NOT NULL"
    ");"
    "INSERT INTO article_bodies (article_id, body_markdown, body_html)"
    "  SELECT id, body_markdown, body_html FROM articles;"
    "ALTER TABLE articles DROP COLUMN body_markdown;"
    "ALTER TABLE articles DROP COLUMN body_html;",

    /* 4: the search tables keep prefix indexes of 3 to 6 characters, so
    ** that prefix queries ("timet*", and the stem prefixes of Russian and
    ** Azerbaijani words) read one list instead of merging many. */
    "DROP TABLE search_en; DROP TABLE search_ru; DROP TABLE search_az;"
    "CREATE VIRTUAL TABLE search_en USING fts5(title, subtitle, body,"
    "  tokenize = 'gazette en', prefix = '3 4 5 6');"
    "CREATE VIRTUAL TABLE search_ru USING fts5(title, subtitle, body,"
    "  tokenize = 'gazette ru', prefix = '3 4 5 6');"
    "CREATE VIRTUAL TABLE search_az USING fts5(title, subtitle, body,"
    "  tokenize = 'gazette az', prefix = '3 4 5 6');"
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_stale', '1');",

    /* 5: the newest articles of an edition by id, for the search horizon. */
    "CREATE INDEX articles_by_edition_id ON articles (lang, status, id);",
};

const size_t schema_migration_count = sizeof schema_migrations / sizeof schema_migrations[0];
