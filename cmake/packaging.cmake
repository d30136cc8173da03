# Installation and the Debian package (README, "Operations: install and run as
# a service"). `cmake --install BUILD [--prefix P]` puts the binary in P/bin,
# the systemd unit in P/lib/systemd/system, the example configuration in
# P/etc/certreg (in /etc/certreg when P is /usr, as the package has it) and
# the help texts, README and nginx example in P/share/doc/certreg.
# `cpack -G DEB` (run in the build directory) builds certreg_VERSION_ARCH.deb.
include(GNUInstallDirs)

install(TARGETS certreg RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES deploy/certreg.service DESTINATION lib/systemd/system)

# /etc beside /usr, the prefix's own etc/ otherwise; decided when installing,
# since the package installs with the prefix /usr (GNUInstallDirs, "special cases").
set(CERTREG_EXAMPLE_CONF "${CMAKE_CURRENT_SOURCE_DIR}/deploy/certreg.conf")
string(CONFIGURE [[
  if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(certreg_etc "/etc/certreg")
  else()
    set(certreg_etc "${CMAKE_INSTALL_PREFIX}/etc/certreg")
  endif()
  file(INSTALL DESTINATION "${certreg_etc}" TYPE FILE FILES "@CERTREG_EXAMPLE_CONF@")
]] certreg_install_conf @ONLY)
install(CODE "${certreg_install_conf}")

# The --help text of the tool and of every subcommand, one file each
# (certreg.txt, certreg-serve.txt, certreg-token-create.txt, ...), written
# by running the binary once it is built (cmake/help_texts.cmake).
set(CERTREG_HELP_DIR "${CMAKE_CURRENT_BINARY_DIR}/help")
add_custom_command(
  OUTPUT "${CERTREG_HELP_DIR}/certreg.txt"
  COMMAND "${CMAKE_COMMAND}" -DCERTREG=$<TARGET_FILE:certreg> -DOUT=${CERTREG_HELP_DIR}
          -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/help_texts.cmake"
  DEPENDS certreg "${CMAKE_CURRENT_SOURCE_DIR}/cmake/help_texts.cmake"
  COMMENT "Writing the --help text of every certreg subcommand"
  VERBATIM)
add_custom_target(certreg_help_texts ALL DEPENDS "${CERTREG_HELP_DIR}/certreg.txt")
install(DIRECTORY "${CERTREG_HELP_DIR}/" DESTINATION "${CMAKE_INSTALL_DOCDIR}" FILES_MATCHING PATTERN "*.txt")
install(FILES README.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(FILES deploy/nginx/certreg.conf DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples" RENAME nginx-certreg.conf)

# --- the Debian package ----------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME certreg)
set(CPACK_PACKAGE_VENDOR certreg)
set(CPACK_PACKAGE_CONTACT "certreg maintainers <certreg@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "certificate registry for CMM-525-0010 (GB/T 41247-2023)")
set(CPACK_PACKAGE_DESCRIPTION
    "An append-only, hash-chained registry of certification files and certificates on RocksDB,\nwith an HTTP API for staff and a public query page.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
# The libraries' packages come from dpkg-shlibdeps (dpkg-dev); tzdata for the
# registry's time zone, adduser for the system user of the postinst.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/postinst"
    "${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/prerm"
    "${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/postrm"
    "${CMAKE_CURRENT_SOURCE_DIR}/deploy/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
