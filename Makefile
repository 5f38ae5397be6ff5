# Thin wrapper: `make run` and `make test` are the two commands of the README.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: run test build deps deps-test configure bench clean

run: deps build
	./$(BUILD_DIR)/losslab

test: deps-test
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLOSSLAB_BUILD_TESTS=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

configure:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

deps:
	scripts/install-deps.sh

deps-test:
	scripts/install-deps.sh --test

bench: deps-test
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DLOSSLAB_BUILD_BENCH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	./$(BUILD_DIR)/bench/losslab_bench_core

clean:
	rm -rf $(BUILD_DIR)

# Core, model and parser tests plus the fuzz corpus replay under AddressSanitizer and
# UndefinedBehaviorSanitizer, in $(ASAN_DIR) (the GUI tests are left out to keep CI short).
.PHONY: test-sanitize fuzz
ASAN_DIR ?= build-asan
SANITIZE_TARGETS = $(patsubst tests/core/%.cpp,core_%,$(wildcard tests/core/test_*.cpp)) \
	$(patsubst tests/model/%.cpp,model_%,$(wildcard tests/model/test_*.cpp)) \
	$(patsubst fuzz/fuzz_%.cpp,fuzz_replay_%,$(wildcard fuzz/fuzz_*.cpp))
test-sanitize: deps-test
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
		-DLOSSLAB_BUILD_TESTS=ON -DLOSSLAB_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_DIR) -j $(JOBS) --target $(SANITIZE_TARGETS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS) -R '^(core|model|fuzz)[.]'

# Runs each libFuzzer harness for FUZZ_SECONDS (clang build in $(FUZZ_DIR)); new inputs go to
# $(FUZZ_DIR)/corpus/<harness>, crashes to $(FUZZ_DIR)/crash-<harness>-*.
FUZZ_SECONDS ?= 600
FUZZ_DIR ?= build-fuzz
FUZZ_HARNESSES = $(patsubst fuzz/fuzz_%.cpp,%,$(wildcard fuzz/fuzz_*.cpp))
fuzz: deps-test
	@command -v clang++ >/dev/null || { echo "make fuzz needs clang: apt-get install clang libclang-rt-14-dev" >&2; exit 1; }
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOSSLAB_BUILD_TESTS=OFF -DLOSSLAB_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_HARNESSES))
	for h in $(FUZZ_HARNESSES); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$h && \
		$(FUZZ_DIR)/fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
			-artifact_prefix=$(FUZZ_DIR)/crash-$$h- $(FUZZ_DIR)/corpus/$$h fuzz/corpus/$$h \
			|| exit 1; \
	done
