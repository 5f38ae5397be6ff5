# CMake glue for the Debian packages LossLab uses. Nothing third-party is copied into the
# tree: every target below wraps a system package, except glad, whose OpenGL 3.3 core
# loader is generated into the build tree at build time (offline, --reproducible).

find_package(PkgConfig REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Eigen3 REQUIRED NO_MODULE)
# libzip (Debian libzip-dev): the .npz archives of model outputs (the model layer reads them).
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)

if(LOSSLAB_BUILD_APP)
    find_package(glfw3 3.3 REQUIRED)
    find_package(OpenGL REQUIRED)
    find_package(PNG REQUIRED)
    pkg_check_modules(FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig)
    # ISA-L's igzip deflates PNG exports (zlib, found with libpng, gives the chunk CRCs).
    pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)
    # cairo (libcairo2-dev): exports drawn without a display (PNG, vector PDF with embedded fonts).
    pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo cairo-pdf cairo-ft)
    # giflib (libgif-dev): animated GIF exports (no pkg-config file; CMake's FindGIF).
    find_package(GIF 5 REQUIRED)
    # libwebp (libwebp-dev): animated WebP exports (libwebpmux's WebPAnimEncoder); the tests
    # read them back with libwebpdemux.
    pkg_check_modules(WEBP REQUIRED IMPORTED_TARGET libwebp libwebpmux libwebpdemux)

    # Dear ImGui 1.86 from libimgui-dev: the static archive already holds the GLFW and
    # OpenGL3 backends. No config defines may be set here (the archive is prebuilt).
    pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
    add_library(losslab_imgui INTERFACE)
    target_link_libraries(losslab_imgui INTERFACE PkgConfig::IMGUI)
    target_include_directories(losslab_imgui INTERFACE /usr/include/imgui/backends)

    # glad 2: OpenGL 3.3 core loader, generated from the python3-glad package's bundled specs.
    find_program(GLAD_EXECUTABLE glad REQUIRED)
    set(GLAD_OUT ${CMAKE_BINARY_DIR}/glad)
    add_custom_command(
        OUTPUT ${GLAD_OUT}/src/gl.c ${GLAD_OUT}/include/glad/gl.h
        COMMAND ${GLAD_EXECUTABLE} --quiet --reproducible --api gl:core=3.3
                --out-path ${GLAD_OUT} c
        COMMENT "Generating the OpenGL 3.3 core loader with glad"
        VERBATIM)
    add_library(losslab_glad STATIC ${GLAD_OUT}/src/gl.c)
    target_include_directories(losslab_glad SYSTEM PUBLIC ${GLAD_OUT}/include)
    target_link_libraries(losslab_glad PUBLIC ${CMAKE_DL_LIBS})
endif()

if(LOSSLAB_BUILD_TESTS OR LOSSLAB_BUILD_BENCH)
    find_package(GTest REQUIRED)
endif()
if(LOSSLAB_BUILD_BENCH)
    find_package(benchmark REQUIRED)
endif()
