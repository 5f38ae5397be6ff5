# `make package`: a Debian package built with CPack. Its run-time dependencies are computed
# from the binary with dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS), plus the font and the
# Mesa drivers it loads at run time (not linked, so dpkg-shlibdeps cannot see them).
option(LOSSLAB_DEB "Install the Debian copyright and changelog files (set by `make package`)" OFF)

if(LOSSLAB_DEB)
    set(deb_doc ${CMAKE_INSTALL_DATADIR}/doc/losslab)
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/debian/copyright DESTINATION ${deb_doc})
    set(changelog ${CMAKE_BINARY_DIR}/packaging/changelog.gz)
    add_custom_command(OUTPUT ${changelog}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/packaging
        COMMAND sh -c "gzip -9nc '${PROJECT_SOURCE_DIR}/packaging/debian/changelog' > '${changelog}'"
        DEPENDS ${PROJECT_SOURCE_DIR}/packaging/debian/changelog VERBATIM)
    add_custom_target(losslab_deb_changelog ALL DEPENDS ${changelog})
    install(FILES ${changelog} DESTINATION ${deb_doc})
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME losslab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The LossLab developers")
set(CPACK_PACKAGE_CONTACT "LossLab developers <losslab@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "interactive lab for classification losses and normalization")
set(CPACK_PACKAGE_DESCRIPTION
    "LossLab plots classification losses (cross-entropy, binary cross-entropy\n"
    "with logits, focal loss, label smoothing), their gradients and their effect\n"
    "on calibration, and the statistics of batch, layer, instance and group\n"
    "normalization. Figures export to PNG, SVG and CSV; lessons walk through the\n"
    "labs step by step.")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, libgl1-mesa-dri")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/losslab/losslab")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
