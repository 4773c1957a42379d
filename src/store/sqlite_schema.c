/* SQLite schema migrations, oldest first (see schema.h); PostgreSQL's, one
** for one, are in postgres_schema.c. */
#include "schema.h"

/* Triggers that note a change to table, whatever the statement. */
#define CHANGED_AFTER(table, op)                                                        \
    "CREATE TRIGGER " table "_" op "_changes AFTER " op " ON " table " BEGIN"          \
    " UPDATE content_changes SET at = CAST(strftime('%s', 'now') AS INTEGER),"        \
    " generation = generation + 1; END;"
#define CHANGED_ON(table) CHANGED_AFTER(table, "INSERT") CHANGED_AFTER(table, "UPDATE") CHANGED_AFTER(table, "DELETE")

/* Migration 8's triggers: each adds a row to content_log naming where
** readers see the change. */
#define NOW "CAST(strftime('%s', 'now') AS INTEGER)"
/* An article that is (or was) public: its edition, or everywhere when
** translations of it show in other editions. */
#define ARTICLE_LOGGED(op, when, row)                                                    \
    "CREATE TRIGGER articles_" op "_logged AFTER " op " ON articles WHEN " when " BEGIN"  \
    " INSERT INTO content_log (at, scope) SELECT " NOW ", CASE WHEN " row                  \
    ".translation_key IS NULL THEN " row ".lang ELSE '*' END; END;"
/* A part of an article (body, tags): logged when the article is public. */
#define PART_LOGGED(table, op, row)                                                      \
    "CREATE TRIGGER " table "_" op "_logged AFTER " op " ON " table " BEGIN"              \
    " INSERT INTO content_log (at, scope) SELECT " NOW ", CASE WHEN translation_key IS NULL" \
    " THEN lang ELSE '*' END FROM articles WHERE id = " row ".article_id AND status = 1; END;"
#define SCOPED_ON(table, op, scope)                                                      \
    "CREATE TRIGGER " table "_" op "_logged AFTER " op " ON " table " BEGIN"              \
    " INSERT INTO content_log (at, scope) VALUES (" NOW ", " scope "); END;"
#define EVERYWHERE_ON(table)                                                             \
    SCOPED_ON(table, "INSERT", "'*'") SCOPED_ON(table, "UPDATE", "'*'") SCOPED_ON(table, "DELETE", "'*'")

/* Migration 11's: the same, naming the article and its place. */
#define ARTICLE_PLACE_LOGGED(op, when, row)                                                     \
    "CREATE TRIGGER articles_" op "_logged AFTER " op " ON articles WHEN " when " BEGIN"         \
    " INSERT INTO content_log (at, scope, article_id, lang, category_id, author_slug)"           \
    " SELECT " NOW ", CASE WHEN " row ".translation_key IS NULL THEN " row ".lang ELSE '*' END, " \
    row ".id, " row ".lang, " row ".category_id, " row ".author_slug; END;"
#define PART_PLACE_LOGGED(table, op, row)                                                       \
    "CREATE TRIGGER " table "_" op "_logged AFTER " op " ON " table " BEGIN"                     \
    " INSERT INTO content_log (at, scope, article_id, lang, category_id, author_slug)"           \
    " SELECT " NOW ", CASE WHEN translation_key IS NULL THEN lang ELSE '*' END, id, lang,"       \
    " category_id, author_slug FROM articles WHERE id = " row ".article_id AND status = 1; END;"
#define REDIRECT_LOGGED(op, row)                                                                \
    "CREATE TRIGGER redirects_" op "_logged AFTER " op " ON redirects BEGIN"                     \
    " INSERT INTO content_log (at, scope, article_id, lang)"                                     \
    " VALUES (" NOW ", " row ".lang, " row ".article_id, " row ".lang); END;"

/* Migration 15's: a change to an article's list of authors, and the
** co-authors (position > 0; the first is articles.author_slug, which
** migration 11's triggers log) of an article that changes or goes. */
#define AUTHOR_LOGGED(op, row)                                                                  \
    "CREATE TRIGGER article_authors_" op "_logged AFTER " op " ON article_authors BEGIN"         \
    " INSERT INTO content_log (at, scope, article_id, lang, category_id, author_slug)"           \
    " SELECT " NOW ", CASE WHEN translation_key IS NULL THEN lang ELSE '*' END, id, lang,"       \
    " category_id, " row ".author_slug FROM articles WHERE id = " row ".article_id AND status = 1; END;"
#define COAUTHORS_LOGGED(row, lang_row)                                                          \
    " INSERT INTO content_log (at, scope, article_id, lang, category_id, author_slug)"           \
    " SELECT " NOW ", CASE WHEN " row ".translation_key IS NULL THEN " lang_row ".lang ELSE '*' END, " \
    row ".id, " lang_row ".lang, " row ".category_id, aa.author_slug FROM article_authors aa"    \
    " WHERE aa.article_id = " row ".id AND aa.position > 0"

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

    /* 6: the newsroom. People and API tokens, sessions, failed logins;
    ** the editorial workflow on articles (status stays the public flag:
    ** 1 exactly when the workflow is published or scheduled and the
    ** article is not in the trash); revisions, old addresses, the audit
    ** log, uploaded images, and site settings edited in the newsroom. */
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author')),"
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE api_tokens ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('editor', 'author')),"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  created_at INTEGER NOT NULL,"
    "  revoked_at INTEGER"
    ");"
    "CREATE TABLE sessions ("
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  csrf TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  seen_at INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE failed_logins ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL COLLATE NOCASE,"
    "  address TEXT NOT NULL,"
    "  at INTEGER NOT NULL"
    ");"
    "CREATE INDEX failed_logins_by_email ON failed_logins (email, at);"
    "CREATE INDEX failed_logins_by_address ON failed_logins (address, at);"
    "CREATE TABLE media ("
    "  id INTEGER PRIMARY KEY,"
    "  hash TEXT NOT NULL UNIQUE,"
    "  format TEXT NOT NULL,"
    "  width INTEGER NOT NULL,"
    "  height INTEGER NOT NULL,"
    "  bytes INTEGER NOT NULL,"
    "  variants TEXT NOT NULL,"        /* the widths made, e.g. '480 960 1600' */
    "  original_name TEXT NOT NULL DEFAULT '',"
    "  uploaded_by TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL"
    ");"
    "ALTER TABLE articles ADD COLUMN workflow TEXT NOT NULL DEFAULT 'published'"
    "  CHECK (workflow IN ('draft', 'review', 'scheduled', 'published', 'unpublished'));"
    "UPDATE articles SET workflow = 'draft' WHERE status = 0;"
    "ALTER TABLE articles ADD COLUMN deleted_at INTEGER;"
    "ALTER TABLE articles ADD COLUMN owner TEXT NOT NULL DEFAULT '';"   /* 'user:ID' or 'token:ID' */
    "ALTER TABLE articles ADD COLUMN featured INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE articles ADD COLUMN lead_image_id INTEGER REFERENCES media(id);"
    "ALTER TABLE articles ADD COLUMN lead_image_caption TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN lead_image_credit TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX articles_by_workflow ON articles (workflow, published_at);"
    "CREATE TABLE revisions ("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  actor TEXT NOT NULL,"             /* who: 'user:ID', 'token:ID' or 'system' */
    "  actor_name TEXT NOT NULL,"        /* their name at the time */
    "  created_at INTEGER NOT NULL,"
    "  snapshot TEXT NOT NULL"           /* the article's fields as JSON */
    ");"
    "CREATE INDEX revisions_by_article ON revisions (article_id, id);"
    "CREATE TABLE redirects ("
    "  lang TEXT NOT NULL,"
    "  old_path TEXT NOT NULL,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (lang, old_path)"
    ") WITHOUT ROWID;"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  actor_name TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  article_id INTEGER,"
    "  detail TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",

    /* 7: when what readers see last changed, kept by triggers so that every
    ** writer counts (the server, `gazette import` beside it, and later other
    ** machines): answers' Last-Modified never trails a removal, and caches
    ** know when to let go. View counts are not content. */
    "CREATE TABLE content_changes ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  at INTEGER NOT NULL,"          /* Unix seconds */
    "  generation INTEGER NOT NULL"   /* one more with every change */
    ");"
    "INSERT INTO content_changes VALUES (1, CAST(strftime('%s', 'now') AS INTEGER), 1);"
    CHANGED_ON("articles") CHANGED_ON("article_bodies") CHANGED_ON("article_tags")
    CHANGED_ON("categories") CHANGED_ON("category_texts") CHANGED_ON("settings")
    CHANGED_ON("redirects"),

    /* 8: what changed for readers, and where. Every change readers can
    ** see (an article that is or was public, its body and tags, categories,
    ** settings, old addresses) adds a row naming its edition, or '*' when
    ** it shows beyond one (categories, settings, an article with
    ** translations); drafts change nothing readers see and add nothing. The
    ** page cache of every process reads the rows after the last it saw and
    ** lets go of just those editions' answers. content_changes follows the
    ** log (its generation is the newest row's id), and the log keeps its
    ** newest 1,000 rows: a reader further behind clears everything.
    **
    ** Articles also get a version, one more with every change, for the
    ** newsroom's and the Admin API's check that nobody saved meanwhile. */
    "DROP TRIGGER articles_INSERT_changes; DROP TRIGGER articles_UPDATE_changes;"
    "DROP TRIGGER articles_DELETE_changes; DROP TRIGGER article_bodies_INSERT_changes;"
    "DROP TRIGGER article_bodies_UPDATE_changes; DROP TRIGGER article_bodies_DELETE_changes;"
    "DROP TRIGGER article_tags_INSERT_changes; DROP TRIGGER article_tags_UPDATE_changes;"
    "DROP TRIGGER article_tags_DELETE_changes; DROP TRIGGER categories_INSERT_changes;"
    "DROP TRIGGER categories_UPDATE_changes; DROP TRIGGER categories_DELETE_changes;"
    "DROP TRIGGER category_texts_INSERT_changes; DROP TRIGGER category_texts_UPDATE_changes;"
    "DROP TRIGGER category_texts_DELETE_changes; DROP TRIGGER settings_INSERT_changes;"
    "DROP TRIGGER settings_UPDATE_changes; DROP TRIGGER settings_DELETE_changes;"
    "DROP TRIGGER redirects_INSERT_changes; DROP TRIGGER redirects_UPDATE_changes;"
    "DROP TRIGGER redirects_DELETE_changes;"
    "CREATE TABLE content_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  scope TEXT NOT NULL"           /* an edition, or '*' */
    ");"
    "INSERT INTO content_log (id, at, scope) SELECT generation, at, '*' FROM content_changes;"
    "CREATE TRIGGER content_log_follows AFTER INSERT ON content_log BEGIN"
    " UPDATE content_changes SET at = NEW.at, generation = NEW.id;"
    " DELETE FROM content_log WHERE id <= NEW.id - 1000; END;"
    ARTICLE_LOGGED("INSERT", "NEW.status = 1", "NEW")
    ARTICLE_LOGGED("DELETE", "OLD.status = 1", "OLD")
    "CREATE TRIGGER articles_update_logged AFTER UPDATE ON articles WHEN OLD.status = 1 OR NEW.status = 1 BEGIN"
    " INSERT INTO content_log (at, scope) SELECT " NOW ", CASE WHEN NEW.translation_key IS NULL"
    "   AND OLD.translation_key IS NULL THEN NEW.lang ELSE '*' END;"
    " INSERT INTO content_log (at, scope) SELECT " NOW ", OLD.lang WHERE OLD.lang != NEW.lang; END;"
    PART_LOGGED("article_bodies", "INSERT", "NEW") PART_LOGGED("article_bodies", "UPDATE", "NEW")
    PART_LOGGED("article_bodies", "DELETE", "OLD") PART_LOGGED("article_tags", "INSERT", "NEW")
    PART_LOGGED("article_tags", "UPDATE", "NEW") PART_LOGGED("article_tags", "DELETE", "OLD")
    EVERYWHERE_ON("categories") EVERYWHERE_ON("category_texts") EVERYWHERE_ON("settings")
    SCOPED_ON("redirects", "INSERT", "NEW.lang") SCOPED_ON("redirects", "UPDATE", "NEW.lang")
    SCOPED_ON("redirects", "DELETE", "OLD.lang")
    "ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
    /* Failed logins are counted per account and address, and browsers
    ** that logged in to an account are known by a cookie of their own, so
    ** that strangers' failures never lock the account's owner out. */
    "CREATE INDEX failed_logins_by_pair ON failed_logins (email, address, at);"
    "ALTER TABLE audit_log ADD COLUMN address TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE login_devices ("
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  created_at INTEGER NOT NULL"
    ") WITHOUT ROWID;",

    /* 9: for the machines. The Google News sitemap reads the newest
    ** visible articles of every edition, newest first; and author pages
    ** list an edition's articles by the slug of their byline (filled here
    ** for the articles saved before, by the store's gazette_slug()). */
    "CREATE INDEX articles_by_publication ON articles (status, published_at DESC, id DESC);"
    "ALTER TABLE articles ADD COLUMN author_slug TEXT NOT NULL DEFAULT '';"
    "UPDATE articles SET author_slug = gazette_slug(author);"
    "CREATE INDEX articles_by_author ON articles (lang, author_slug, status, published_at DESC, id DESC);",

    /* 10: the bytes of uploaded images' variants, for sites whose images
    ** live in the database (PostgreSQL's, shared by every node; see
    ** store_media_in_database). A SQLite site keeps its files in media_dir
    ** beside the database and leaves this table empty; gazette copy moves
    ** them between the two. Named as they are served: "{hash}-{width}.webp". */
    "CREATE TABLE media_files ("
    "  name TEXT PRIMARY KEY,"
    "  data BLOB NOT NULL"
    ");",

    /* 11: the change log names the article a change was to, with its
    ** edition, category and byline as they were and as they are, so that
    ** caches in front can be purged by tag (site/purger.c): an update
    ** that moves an article logs both places. */
    "ALTER TABLE content_log ADD COLUMN article_id INTEGER;"
    "ALTER TABLE content_log ADD COLUMN lang TEXT;"
    "ALTER TABLE content_log ADD COLUMN category_id INTEGER;"
    "ALTER TABLE content_log ADD COLUMN author_slug TEXT;"
    "DROP TRIGGER articles_INSERT_logged; DROP TRIGGER articles_DELETE_logged;"
    "DROP TRIGGER articles_update_logged;"
    "DROP TRIGGER article_bodies_INSERT_logged; DROP TRIGGER article_bodies_UPDATE_logged;"
    "DROP TRIGGER article_bodies_DELETE_logged; DROP TRIGGER article_tags_INSERT_logged;"
    "DROP TRIGGER article_tags_UPDATE_logged; DROP TRIGGER article_tags_DELETE_logged;"
    "DROP TRIGGER redirects_INSERT_logged; DROP TRIGGER redirects_UPDATE_logged;"
    "DROP TRIGGER redirects_DELETE_logged;"
    ARTICLE_PLACE_LOGGED("INSERT", "NEW.status = 1", "NEW")
    ARTICLE_PLACE_LOGGED("DELETE", "OLD.status = 1", "OLD")
    "CREATE TRIGGER articles_update_logged AFTER UPDATE ON articles WHEN OLD.status = 1 OR NEW.status = 1 BEGIN"
    " INSERT INTO content_log (at, scope, article_id, lang, category_id, author_slug)"
    " SELECT " NOW ", CASE WHEN NEW.translation_key IS NULL AND OLD.translation_key IS NULL THEN NEW.lang"
    "   ELSE '*' END, NEW.id, NEW.lang, NEW.category_id, NEW.author_slug;"
    " INSERT INTO content_log (at, scope, article_id, lang, category_id, author_slug)"
    " SELECT " NOW ", OLD.lang, OLD.id, OLD.lang, OLD.category_id, OLD.author_slug"
    " WHERE OLD.lang != NEW.lang OR OLD.category_id != NEW.category_id OR OLD.author_slug != NEW.author_slug; END;"
    PART_PLACE_LOGGED("article_bodies", "INSERT", "NEW") PART_PLACE_LOGGED("article_bodies", "UPDATE", "NEW")
    PART_PLACE_LOGGED("article_bodies", "DELETE", "OLD") PART_PLACE_LOGGED("article_tags", "INSERT", "NEW")
    PART_PLACE_LOGGED("article_tags", "UPDATE", "NEW") PART_PLACE_LOGGED("article_tags", "DELETE", "OLD")
    REDIRECT_LOGGED("INSERT", "NEW") REDIRECT_LOGGED("UPDATE", "NEW") REDIRECT_LOGGED("DELETE", "OLD"),

    /* 12: the editor never loses work. Autosaved drafts, one per person
    ** and article (article 0: the article they are writing that has no
    ** number yet), holding the form's fields as JSON, the article's
    ** version the form was opened at, and when it was saved; and who has
    ** which article open in which tab of their browser (one row a tab),
    ** with the one tab that holds the article (a partial unique index:
    ** never two). Neither is content: no change-log triggers. */
    "CREATE TABLE drafts ("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  article_id INTEGER NOT NULL,"
    "  fields TEXT NOT NULL,"
    "  base_version INTEGER NOT NULL,"
    "  saved_at INTEGER NOT NULL,"
    "  PRIMARY KEY (user_id, article_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX drafts_by_article ON drafts (article_id);"
    "CREATE TABLE presence ("
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  tab TEXT NOT NULL,"
    "  article_id INTEGER NOT NULL,"
    "  seen_at INTEGER NOT NULL,"
    "  holder INTEGER NOT NULL DEFAULT 0,"
    "  held_since INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (user_id, tab)"
    ") WITHOUT ROWID;"
    "CREATE INDEX presence_by_article ON presence (article_id);"
    "CREATE INDEX presence_by_age ON presence (seen_at);"
    "CREATE UNIQUE INDEX presence_one_holder ON presence (article_id) WHERE holder = 1;",
    /* 13: pictures in the body. An image keeps a default alt text (what
    ** it shows, for readers who cannot see it) and a credit, which a
    ** body figure shows; the lead image has an alt text of its own, no
    ** longer its caption. */
    "ALTER TABLE media ADD COLUMN alt TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE media ADD COLUMN credit TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN lead_image_alt TEXT NOT NULL DEFAULT '';",
    /* 14: the newsroom's list. Articles readers cannot see (drafts, in
    ** review, unpublished, in the trash) get an index of their own, one
    ** FTS5 table per edition like the public one, so that the newsroom
    ** finds them by their words while the public index, its counts and
    ** its ranking stay as they were: every article is in exactly one of
    ** the two (see sqlite_search_index). The list is read in order of
    ** publication or of last change, by keyset, and shows who acted last
    ** (the newest audit entry of the article). API tokens may be admins'.
    ** (IF NOT EXISTS: a database rewound to an older version in the tests
    ** keeps these, and migrates again.) */
    "CREATE VIRTUAL TABLE IF NOT EXISTS newsroom_search_en USING fts5(title, subtitle, body,"
    "  tokenize = 'gazette en', prefix = '3 4 5 6');"
    "CREATE VIRTUAL TABLE IF NOT EXISTS newsroom_search_ru USING fts5(title, subtitle, body,"
    "  tokenize = 'gazette ru', prefix = '3 4 5 6');"
    "CREATE VIRTUAL TABLE IF NOT EXISTS newsroom_search_az USING fts5(title, subtitle, body,"
    "  tokenize = 'gazette az', prefix = '3 4 5 6');"
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_stale', '1');"
    "CREATE INDEX IF NOT EXISTS articles_by_published ON articles (published_at, id);"
    "CREATE INDEX IF NOT EXISTS articles_by_change ON articles (updated_at, id);"
    "CREATE INDEX IF NOT EXISTS audit_log_by_article ON audit_log (article_id, id) WHERE article_id IS NOT NULL;"
    "CREATE TABLE api_tokens_roles ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author')),"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  created_at INTEGER NOT NULL,"
    "  revoked_at INTEGER"
    ");"
    "INSERT INTO api_tokens_roles (id, name, role, token_hash, created_at, revoked_at)"
    "  SELECT id, name, role, token_hash, created_at, revoked_at FROM api_tokens;"
    "DROP TABLE api_tokens;"
    "ALTER TABLE api_tokens_roles RENAME TO api_tokens;",

    /* 15: preview links. A draft shown to someone without an account, by
    ** an address with a random token in it: only the token's hash is kept
    ** (the address is shown once, when it is made), with when the link
    ** ends and, when someone ended it early, when it was revoked. */
    "CREATE TABLE preview_links ("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  created_by TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  revoked_at INTEGER"
    ");"
    "CREATE INDEX preview_links_by_article ON preview_links (article_id, id);",
    /* 16: several authors an article, and their profiles. A profile is
    ** addressed by its slug (the author page's, slugify() of the name),
    ** with a short bio, a photo from the library, links and, optionally,
    ** the newsroom user it belongs to (who may then edit it). An article's
    ** authors are an ordered list of slugs; articles.author keeps the
    ** byline as shown (the names joined) and author_slug the first
    ** author's, for the old index and the change log. Every byline in use
    ** becomes a profile (named as its newest article has it) and its
    ** articles' single author. The change log names every author page an
    ** article is on: its co-authors too when it changes or goes, and the
    ** authors added or removed; a profile's change shows everywhere. */
    "CREATE TABLE authors ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  bio TEXT NOT NULL DEFAULT '',"
    "  photo_id INTEGER REFERENCES media(id) ON DELETE SET NULL,"
    "  website TEXT NOT NULL DEFAULT '',"
    "  twitter TEXT NOT NULL DEFAULT '',"
    "  facebook TEXT NOT NULL DEFAULT '',"
    "  telegram TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  user_id INTEGER UNIQUE REFERENCES users(id) ON DELETE SET NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE article_authors ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  author_slug TEXT NOT NULL,"
    "  PRIMARY KEY (article_id, position),"
    "  UNIQUE (article_id, author_slug)"
    ") WITHOUT ROWID;"
    "CREATE INDEX article_authors_by_author ON article_authors (author_slug, article_id);"
    "INSERT OR IGNORE INTO authors (slug, name, created_at, updated_at)"
    "  SELECT author_slug, author, " NOW ", " NOW " FROM articles WHERE author_slug != ''"
    "  ORDER BY published_at DESC, id DESC;"
    "INSERT INTO article_authors (article_id, position, author_slug)"
    "  SELECT id, 0, author_slug FROM articles WHERE author_slug != '';"
    AUTHOR_LOGGED("INSERT", "NEW") AUTHOR_LOGGED("DELETE", "OLD")
    "CREATE TRIGGER articles_coauthors_update_logged AFTER UPDATE ON articles"
    " WHEN OLD.status = 1 OR NEW.status = 1 BEGIN"
    COAUTHORS_LOGGED("NEW", "NEW") ";"
    COAUTHORS_LOGGED("NEW", "OLD") " AND OLD.lang != NEW.lang; END;"
    "CREATE TRIGGER articles_coauthors_delete_logged BEFORE DELETE ON articles WHEN OLD.status = 1 BEGIN"
    COAUTHORS_LOGGED("OLD", "OLD") "; END;"
    SCOPED_ON("authors", "UPDATE", "'*'"),
    /* 17: search and social overrides of an article: the title and
    ** description search results and social cards show, the library
    ** image a card shows (NULL: the lead image), and the original's
    ** address of a syndicated story (empty: the article's own). */
    "ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN social_image_id INTEGER REFERENCES media(id);"
    "ALTER TABLE articles ADD COLUMN canonical_url TEXT NOT NULL DEFAULT '';",
    /* 18: an edition's static pages (About us, Contacts...), with their
    ** place in the footer menu (0: none). A change to a published page
    ** shows on every page of its edition (the footer links to it). */
    "CREATE TABLE pages ("
    "  id INTEGER PRIMARY KEY,"
    "  lang TEXT NOT NULL,"
    "  slug TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  body_markdown TEXT NOT NULL,"
    "  body_html TEXT NOT NULL,"
    "  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),"
    "  menu_position INTEGER NOT NULL DEFAULT 0 CHECK (menu_position >= 0),"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  updated_by TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (lang, slug)"
    ");"
    "CREATE TRIGGER pages_INSERT_logged AFTER INSERT ON pages WHEN NEW.published = 1 BEGIN"
    " INSERT INTO content_log (at, scope, lang) VALUES (" NOW ", NEW.lang, NEW.lang); END;"
    "CREATE TRIGGER pages_UPDATE_logged AFTER UPDATE ON pages"
    " WHEN OLD.published = 1 OR NEW.published = 1 BEGIN"
    " INSERT INTO content_log (at, scope, lang) VALUES (" NOW ", NEW.lang, NEW.lang);"
    " INSERT INTO content_log (at, scope, lang) SELECT " NOW ", OLD.lang, OLD.lang"
    " WHERE OLD.lang != NEW.lang; END;"
    "CREATE TRIGGER pages_DELETE_logged AFTER DELETE ON pages WHEN OLD.published = 1 BEGIN"
    " INSERT INTO content_log (at, scope, lang) VALUES (" NOW ", OLD.lang, OLD.lang); END;",
    /* 19: tag pages (/{lang}/tag/{slug}): each tag's slug beside its text,
    ** made by the store's gazette_slug() (slugify) for the tags saved
    ** before, and by the writer from then on. */
    "ALTER TABLE article_tags ADD COLUMN tag_slug TEXT;"
    "UPDATE article_tags SET tag_slug = gazette_slug(tag);"
    "CREATE INDEX article_tags_by_slug ON article_tags (tag_slug, article_id);",
    /* 20: breaking news: a published story an editor marks, with a short
    ** label, shown on every page of its edition from breaking_since until
    ** breaking_until (0: not breaking). */
    "ALTER TABLE articles ADD COLUMN breaking_label TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE articles ADD COLUMN breaking_since INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE articles ADD COLUMN breaking_until INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX articles_breaking ON articles (lang, breaking_until) WHERE breaking_until > 0;",
    /* 21: views per article per hour, for the most-read lists: the view
    ** counter's batches add each article's views to its bucket of the
    ** hour (hour_start, Unix seconds, a multiple of 3600) in the
    ** transaction that adds them to its total; the same batches roll the
    ** buckets older than 8 days (STORE_VIEWS_HOURLY_DAYS) into daily
    ** totals (UTC days), a bounded number at a time. The index by hour
    ** holds what the lists sum. View counts are not content: no
    ** change-log triggers. */
    "CREATE TABLE article_views_hourly ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  hour_start INTEGER NOT NULL CHECK (hour_start % 3600 = 0),"
    "  count INTEGER NOT NULL CHECK (count > 0),"
    "  PRIMARY KEY (article_id, hour_start)"
    ") WITHOUT ROWID;"
    "CREATE INDEX article_views_hourly_by_hour ON article_views_hourly (hour_start, article_id, count);"
    "CREATE TABLE article_views_daily ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  day_start INTEGER NOT NULL CHECK (day_start % 86400 = 0),"
    "  count INTEGER NOT NULL CHECK (count > 0),"
    "  PRIMARY KEY (article_id, day_start)"
    ") WITHOUT ROWID;",
    /* 22: the newsroom's language, chosen per person: "en", "ru" or "az";
    ** NULL follows the browser's Accept-Language among the editions. */
    "ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'ru', 'az'));",
    /* 23: nothing here. Related stories match titles and leads in the
    ** search tables by column ({title subtitle}); PostgreSQL's 23 keeps
    ** their lexemes apart (postgres_schema.c). The numbers stay alike. */
    "",
    /* 24: live blogs: an article that is one (live), the time its
    ** coverage ended (0: open), and its updates, each with its title
    ** (may be empty), Markdown rendered once when saved, author, whether
    ** it is pinned on top (one at most, kept so by the store) and when it
    ** was corrected (0: never). A change to an update sets its article's
    ** live_changed_at in the same transaction, which the articles'
    ** triggers log: the blog's page, its lists and feeds go. (Not
    ** updated_at: that is the editor's last save, which drafts are
    ** measured against.) */
    "ALTER TABLE articles ADD COLUMN live INTEGER NOT NULL DEFAULT 0 CHECK (live IN (0, 1));"
    "ALTER TABLE articles ADD COLUMN live_ended_at INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE articles ADD COLUMN live_changed_at INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX articles_live ON articles (id) WHERE live = 1;"
    "CREATE TABLE live_updates ("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  title TEXT NOT NULL DEFAULT '',"
    "  body_markdown TEXT NOT NULL,"
    "  body_html TEXT NOT NULL,"
    "  body_text TEXT NOT NULL DEFAULT '',"
    "  author TEXT NOT NULL DEFAULT '',"
    "  created_by TEXT NOT NULL DEFAULT '',"
    "  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),"
    "  created_at INTEGER NOT NULL,"
    "  corrected_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX live_updates_by_article ON live_updates (article_id, created_at, id);",
    /* 25: each public article's related stories, made when it is saved
    ** (sqlite_related.c): who, the tags shared and the likeness of their
    ** words in millionths. A list is not content that pages are purged
    ** by (no change-log triggers): the page shows it from its next
    ** rendering. The lists are made for the articles there are now when
    ** the store is next opened (related_stale). */
    "CREATE TABLE related_stories ("
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
    "  related_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE CHECK (related_id <> article_id),"
    "  shared INTEGER NOT NULL CHECK (shared >= 0),"
    "  likeness INTEGER NOT NULL CHECK (likeness >= 0),"
    "  PRIMARY KEY (article_id, related_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX related_stories_by_related ON related_stories (related_id);"
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('related_stale', '1');",
    /* 26: imports from another system (gazette import-wordpress): which
    ** article or page each item of the old site (source: its address;
    ** external_id: its number there) became, with the version the import
    ** left it at, so that an import again updates it and can tell an
    ** edit made here; and the old site's addresses that answer 301 here
    ** (to an article, a page, or a path: a category's, a tag's). */
    "CREATE TABLE import_links ("
    "  source TEXT NOT NULL,"
    "  external_id INTEGER NOT NULL,"
    "  page INTEGER NOT NULL DEFAULT 0 CHECK (page IN (0, 1)),"
    "  target_id INTEGER NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  digest TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (source, external_id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE old_addresses ("
    "  path TEXT PRIMARY KEY CHECK (length(path) BETWEEN 1 AND 1024),"
    "  article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,"
    "  page_id INTEGER REFERENCES pages(id) ON DELETE CASCADE,"
    "  target TEXT,"
    "  CHECK ((article_id IS NOT NULL) + (page_id IS NOT NULL) + (target IS NOT NULL) = 1)"
    ") WITHOUT ROWID;"
    "CREATE INDEX old_addresses_by_article ON old_addresses (article_id) WHERE article_id IS NOT NULL;"
    "CREATE INDEX old_addresses_by_page ON old_addresses (page_id) WHERE page_id IS NOT NULL;",
};

const size_t schema_migration_count = sizeof schema_migrations / sizeof schema_migrations[0];
