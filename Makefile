# Gazette. `make run` and `make test` do everything on a fresh Debian 12
# machine (as root): install what is missing, build, then serve or test.

CC      ?= cc
PKGS    := sqlite3 libpq libmicrohttpd yaml-0.1 inih libcmark-gfm libsodium jansson vips libxml-2.0 libwebp zlib libbrotlienc libcurl
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
CPPFLAGS := -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/gen
LIBS     = $(shell pkg-config --libs $(PKGS)) -lcmark-gfm-extensions -lstemmer -lunistring -lgettextpo -lm -lpthread
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# The ThreadSanitizer build (build/tsan/) is made with clang; its runtime
# comes with libclang-rt-14-dev.
TSAN_CC := clang
TSAN    := -fsanitize=thread -fno-omit-frame-pointer

# Quiet build lines; `make V=1` shows the full commands.
Q       := $(if $(V),,@)
DB      ?= gazette.db
CONFIG  ?= gazette.ini
LISTEN  ?= 127.0.0.1:8080

SRC      := $(shell find src -name '*.c' | sort)
LIB_SRC  := $(filter-out src/main.c,$(SRC))
EMBED    := $(shell find themes/default demo locales -path themes/default/newsroom -prune -o -type f -name '*.*' ! -name '*.pot' -print | sort) docs/openapi.json
# The newsroom's editor: ProseMirror and CodeMirror from npm (pinned by
# themes/default/newsroom/package-lock.json), bundled by esbuild into
# build/gen/ and embedded under the theme's static/ names. Only the
# newsroom's editor page loads them.
NR_DIR   := themes/default/newsroom
NR_SRC   := $(wildcard $(NR_DIR)/src/*.js)
NR_MODS  := build/newsroom/node_modules/.installed
NR_BUILT := build/gen/newsroom-editor.js build/gen/newsroom-editor.css build/gen/newsroom-source.js
ESBUILD  := NODE_PATH=$(CURDIR)/build/newsroom/node_modules build/newsroom/node_modules/.bin/esbuild --bundle --minify --target=es2020 --log-level=warning
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))

OBJ      := $(SRC:%.c=build/obj/%.o) build/obj/gen/embedded.o
ASAN_OBJ := $(SRC:%.c=build/asan/%.o) build/asan/gen/embedded.o
ASAN_LIB := $(filter-out build/asan/src/main.o,$(ASAN_OBJ))
TSAN_OBJ := $(SRC:%.c=build/tsan/%.o) build/tsan/gen/embedded.o

.PHONY: all deps test-deps bench-deps run test bench soak clean fuzz fuzz-build
all: build/gazette

deps:
	@scripts/install-deps

test-deps:
	@scripts/install-deps --test

build/embed: tools/embed.c
	@mkdir -p build
	$(Q)$(CC) -O1 -Wall -Wextra -o $@ $<

$(NR_MODS): $(NR_DIR)/package.json $(NR_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make: the newsroom's editor is built with npm (scripts/install-deps installs Node.js)" >&2; exit 1; }
	@mkdir -p build/newsroom
	@cp $(NR_DIR)/package.json $(NR_DIR)/package-lock.json build/newsroom/
	@echo "  NPM    build/newsroom (the editor's packages)"
	$(Q)cd build/newsroom && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/gen/newsroom-editor.js build/gen/newsroom-editor.css &: $(NR_MODS) $(NR_SRC)
	@mkdir -p build/gen
	@echo "  BUNDLE build/gen/newsroom-editor.js"
	$(Q)$(ESBUILD) --format=iife --outfile=build/gen/newsroom-editor.js $(NR_DIR)/src/editor.js

build/gen/newsroom-source.js: $(NR_MODS) $(NR_SRC)
	@mkdir -p build/gen
	@echo "  BUNDLE $@"
	$(Q)$(ESBUILD) --format=iife --outfile=$@ $(NR_DIR)/src/source.js

# The editor's Markdown module alone, for the tests to run under Node.
build/newsroom/markdown.mjs: $(NR_MODS) $(NR_SRC)
	@echo "  BUNDLE $@"
	$(Q)$(ESBUILD) --format=esm --platform=node --outfile=$@ $(NR_DIR)/src/markdown.js

build/gen/embedded.c: build/embed $(EMBED) $(NR_BUILT)
	@mkdir -p build/gen
	@echo "  EMBED  $@ ($(words $(EMBED) $(NR_BUILT)) files)"
	@build/embed $@ $(EMBED) $(foreach f,$(NR_BUILT),themes/default/static/$(notdir $(f))=$(f))

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC     $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC     $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(shell pkg-config --cflags $(PKGS)) -MMD -MP -c -o $@ $<

build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC     $< (sanitizers)"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(SAN) -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC     $< (sanitizers)"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(WARN) $(SAN) $(shell pkg-config --cflags $(PKGS)) -MMD -MP -c -o $@ $<

build/tsan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC     $< (thread sanitizer)"
	$(Q)$(TSAN_CC) $(CPPFLAGS) -O1 -g $(TSAN) -c -o $@ $<

build/tsan/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC     $< (thread sanitizer)"
	$(Q)$(TSAN_CC) $(CPPFLAGS) -O1 -g $(WARN) $(TSAN) $(shell pkg-config --cflags $(PKGS)) -MMD -MP -c -o $@ $<

build/gazette: $(OBJ)
	@echo "  LINK   $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $(OBJ) $(LIBS)

build/asan/gazette: $(ASAN_OBJ)
	@echo "  LINK   $@"
	$(Q)$(CC) -g $(SAN) -o $@ $(ASAN_OBJ) $(LIBS)

build/tsan/gazette: $(TSAN_OBJ)
	@echo "  LINK   $@"
	$(Q)$(TSAN_CC) -g $(TSAN) -o $@ $(TSAN_OBJ) $(LIBS)

# The unit tests see what Gazette's code asks of some system calls (see
# tests/unit/test_ticker.c and test_accounts.c); each wrapper passes
# through unless its test asks otherwise.
UNIT_WRAP := -Wl,--wrap=clock_gettime,--wrap=isatty,--wrap=tcgetattr,--wrap=tcsetattr

build/asan/unit-tests: $(UNIT_SRC) $(ASAN_LIB) $(wildcard tests/unit/*.h)
	@echo "  LINK   $@"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(WARN) $(SAN) $(shell pkg-config --cflags $(PKGS)) -o $@ $(UNIT_SRC) $(ASAN_LIB) $(LIBS) $(UNIT_WRAP)

build/bench-search: bench/search_bench.c $(filter-out build/obj/src/main.o,$(OBJ))
	@echo "  LINK   $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $^ $(LIBS)

build/bench-metrics: bench/metrics_bench.c $(filter-out build/obj/src/main.o,$(OBJ))
	@echo "  LINK   $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -o $@ $^ $(LIBS)

# What a page asks of the database, counted inside the server (bench/most-read.mjs).
build/bench-statements.so: bench/statements.c
	@mkdir -p build
	@echo "  CC     $@"
	$(Q)$(CC) -shared -fPIC -O2 $(WARN) $(shell pkg-config --cflags sqlite3 libpq) -o $@ $< -ldl

# `make run`: dependencies, build, the demo database when there is none, serve.
run: deps build/gazette
	@if [ ! -f $(DB) ]; then build/gazette init --db $(DB) --config $(CONFIG) --demo; fi
	build/gazette serve --db $(DB) --config $(CONFIG) --listen $(LISTEN)

# `make bench`: the benchmarks in bench/ (never part of make test).
bench-deps:
	@scripts/install-deps --bench

bench: bench-deps build/gazette build/bench-search build/bench-metrics build/bench-statements.so
	@bench/run
	@echo
	@node bench/wordpress.mjs

# Fuzzing with libFuzzer (tests/fuzz/README.md): the library sources built
# with clang and coverage into build/fuzz/, one binary per target.
# `make fuzz` runs each for FUZZ_SECONDS (FUZZ_TARGETS to choose some,
# FUZZ_MERGE=1 to merge what they found into the repository's corpus);
# `make test` replays every corpus file once (tests/run fuzz).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BINS    := $(FUZZ_NAMES:%=build/fuzz/fuzz-%)
FUZZ_OBJ     := $(LIB_SRC:%.c=build/fuzz/%.o) build/fuzz/gen/embedded.o

build/fuzz/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC     $< (fuzz)"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -O1 -g $(FUZZ_SAN) -c -o $@ $<

build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC     $< (fuzz)"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -O1 -g $(WARN) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(shell pkg-config --cflags $(PKGS)) -MMD -MP -c -o $@ $<

# (The helpers target checks brotli's output with its decoder: libbrotlidec.)
FUZZ_SHARED  := build/fuzz/tests/fuzz/common.o build/fuzz/tests/fuzz/site_setup.o
build/fuzz/fuzz-%: build/fuzz/tests/fuzz/fuzz_%.o $(FUZZ_SHARED) $(FUZZ_OBJ)
	@echo "  LINK   $@"
	$(Q)$(FUZZ_CC) -g $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LIBS) $(shell pkg-config --libs libbrotlidec)

# The targets' own objects are kept (not intermediate files make removes).
.SECONDARY: $(FUZZ_NAMES:%=build/fuzz/tests/fuzz/fuzz_%.o) $(FUZZ_SHARED) $(FUZZ_OBJ)

fuzz-build: $(FUZZ_BINS)

fuzz: test-deps fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_MERGE=$(FUZZ_MERGE) tests/fuzz/run fuzz $(FUZZ_TARGETS)

# `make test`: dependencies (with the browser), the three builds and the
# fuzz targets, every test.
test: test-deps build/gazette build/asan/gazette build/asan/unit-tests build/tsan/gazette fuzz-build build/newsroom/markdown.mjs
	@tests/run

# `make soak`: readers, searches, writes, uploads, bad logins and slow
# clients at once for SOAK_SECONDS (default 600) against build/gazette;
# never part of make test. Needs only Node.js (no npm packages).
SOAK_SECONDS ?= 600
soak: deps build/gazette
	@command -v node >/dev/null 2>&1 || { echo "make soak: needs Node.js 20 or newer" >&2; exit 1; }
	@SOAK_SECONDS=$(SOAK_SECONDS) node bench/soak.mjs

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(TSAN_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d) $(wildcard build/fuzz/tests/fuzz/*.d)
