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
CMAKE_FLAGS ?=
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
