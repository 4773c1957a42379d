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
};

const size_t schema_migration_count = sizeof schema_migrations / sizeof schema_migrations[0];
