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

# LossLab in the browser (build-web/losslab.html) and its tests: scripts/build-web.sh.
.PHONY: web test-web
web:
	scripts/build-web.sh

test-web:
	scripts/build-web.sh --core-tests
	tests/web/run.sh
