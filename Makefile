# Thin wrapper: `make run` and `make test` are the two commands of the README. Each installs
# what it needs (scripts/install-deps.sh) and configures its own build folder:
#   build-app   `make run`: the app alone, tests off (never needs GoogleTest, xvfb-run, xdotool)
#   build       `make test`: the app and every test suite
#   build-dist  `make install` and `make package`: no source-tree lookups (LOSSLAB_SOURCE_ASSETS=OFF)
BUILD_DIR ?= build
APP_BUILD_DIR ?= build-app
DIST_BUILD_DIR ?= build-dist
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# ccache, when installed, makes rebuilds (and CI on a machine that built before) fast; the cache
# key uses paths relative to this folder, so every clone shares it.
CCACHE := $(shell command -v ccache 2>/dev/null)
ifneq ($(CCACHE),)
export CCACHE_BASEDIR := $(CURDIR)
CMAKE_FLAGS ?= -DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE) -DCMAKE_C_COMPILER_LAUNCHER=$(CCACHE)
else
CMAKE_FLAGS ?=
endif
PREFIX ?= /usr/local

.PHONY: run test app dist install package build deps deps-test configure bench clean

run: app
	./$(APP_BUILD_DIR)/losslab

app: deps
	cmake -S . -B $(APP_BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLOSSLAB_BUILD_TESTS=OFF $(CMAKE_FLAGS)
	cmake --build $(APP_BUILD_DIR) -j $(JOBS)

# First the app alone, as `make run` builds it, under a PATH without the test tools (fails if
# that configure looks one up); then every test.
test: deps-test
	scripts/check-app-build.sh $(APP_BUILD_DIR) $(CMAKE_FLAGS)
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLOSSLAB_BUILD_TESTS=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

dist: deps
	cmake -S . -B $(DIST_BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLOSSLAB_BUILD_TESTS=OFF \
	      -DLOSSLAB_SOURCE_ASSETS=OFF -DLOSSLAB_DEB=ON -DCMAKE_INSTALL_PREFIX=/usr $(CMAKE_FLAGS)
	cmake --build $(DIST_BUILD_DIR) -j $(JOBS)

# `make install PREFIX=~/.local` (default /usr/local; may need sudo).
install: dist
	cmake --install $(DIST_BUILD_DIR) --prefix $(PREFIX)

# A .deb in this folder: sudo apt-get install ./losslab_*.deb
package: dist
	cd $(DIST_BUILD_DIR) && cpack -G DEB
	cp $(DIST_BUILD_DIR)/losslab_*.deb .

# The test build without running anything (what `make test` builds).
build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

configure:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLOSSLAB_BUILD_TESTS=ON $(CMAKE_FLAGS)

deps:
	scripts/install-deps.sh

deps-test:
	scripts/install-deps.sh --test

bench: deps-test
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DLOSSLAB_BUILD_BENCH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	./$(BUILD_DIR)/bench/losslab_bench_core

clean:
	rm -rf $(BUILD_DIR) $(APP_BUILD_DIR) $(DIST_BUILD_DIR)

# Core, plot and model tests (the model's tests cover every parser: sessions, settings, recent
# files, lessons, .npy, --set) plus the fuzz corpus replay, under AddressSanitizer, LeakSanitizer
# and UndefinedBehaviorSanitizer, in $(ASAN_DIR); the GUI tests are left out to keep CI short.
# Any finding fails the run: UBSan is built -fno-sanitize-recover=all and ASan aborts. Mesa's GL
# leak (not our code) is suppressed by tests/sanitizers/lsan.supp. `.ci/run` runs this after
# `make test`.
.PHONY: test-sanitize fuzz
ASAN_DIR ?= build-asan
SANITIZE_TARGETS = $(patsubst fuzz/fuzz_%.cpp,fuzz_replay_%,$(wildcard fuzz/fuzz_*.cpp)) \
	$(patsubst tests/model/%.cpp,model_%,$(wildcard tests/model/test_*.cpp)) \
	$(patsubst tests/plot/%.cpp,plot_%,$(wildcard tests/plot/test_*.cpp)) \
	$(patsubst tests/core/%.cpp,core_%,$(wildcard tests/core/test_*.cpp))
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
test-sanitize: deps-test
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
		-DCMAKE_C_FLAGS_RELEASE=-O1 -DLOSSLAB_BUILD_TESTS=ON -DLOSSLAB_SANITIZE=ON $(CMAKE_FLAGS)
	$(SANITIZE_ENV) cmake --build $(ASAN_DIR) -j $(JOBS) --target $(SANITIZE_TARGETS)
	cd $(ASAN_DIR) && $(SANITIZE_ENV) ctest --output-on-failure -j $(JOBS) -R '^(core|plot|model|fuzz)[.]'

# Runs each libFuzzer harness for FUZZ_SECONDS, one after another (clang build in $(FUZZ_DIR),
# where the core, plot and model libraries are instrumented too, not only the harness); new
# inputs go to $(FUZZ_DIR)/corpus/<harness>, crashes to $(FUZZ_DIR)/crash-<harness>-*, logs to
# $(FUZZ_DIR)/fuzz-<harness>.log; a table of executions, coverage and crashes ends the output
# (fuzz/run_fuzz.sh). `make fuzz FUZZ_HARNESSES=npy FUZZ_SECONDS=60` runs one briefly.
FUZZ_SECONDS ?= 600
FUZZ_DIR ?= build-fuzz
FUZZ_HARNESSES ?= $(patsubst fuzz/fuzz_%.cpp,%,$(wildcard fuzz/fuzz_*.cpp))
fuzz: deps-test
	@command -v clang++ >/dev/null || { echo "make fuzz needs clang: apt-get install clang libclang-rt-14-dev" >&2; exit 1; }
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOSSLAB_BUILD_TESTS=OFF -DLOSSLAB_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_HARNESSES))
	fuzz/run_fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

# LossLab in the browser (build-web/losslab.html) and its tests: scripts/build-web.sh installs
# what it needs (scripts/install-deps.sh --web) and fetches Dear ImGui's sources through apt;
# tests/web/run.sh runs every core test under node and the page in headless chromium.
.PHONY: web test-web
web:
	scripts/build-web.sh

test-web:
	scripts/build-web.sh --core-tests
	tests/web/run.sh
