# Writes the --help text of `certreg` and of each of its subcommands, nested
# ones included, into OUT: certreg.txt, certreg-serve.txt, certreg-token-create.txt...
# The subcommands are read from each help text's "Subcommands:" list, so a new
# one gets its file without a change here.
#   cmake -DCERTREG=path/to/certreg -DOUT=dir -P help_texts.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT CERTREG OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DCERTREG=BINARY -DOUT=DIR -P help_texts.cmake")
endif()
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")

# Writes the help of the command `words` (a list, empty for the tool itself), then recurses.
function(certreg_write_help words)
  execute_process(COMMAND "${CERTREG}" ${words} --help
                  OUTPUT_VARIABLE text ERROR_VARIABLE error RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "certreg ${words} --help exited ${code}: ${error}")
  endif()
  list(JOIN words "-" suffix)
  set(name certreg)
  if(suffix)
    set(name "certreg-${suffix}")
  endif()
  # CLI11 names the program as it was run: the build's path becomes plain `certreg`.
  string(REPLACE "${CERTREG}" "certreg" text "${text}")
  file(WRITE "${OUT}/${name}.txt" "${text}")
  # CLI11 lists subcommands after a line "Subcommands:", one per line, indented by two spaces.
  string(FIND "${text}" "\nSubcommands:\n" at)
  if(at EQUAL -1)
    return()
  endif()
  string(SUBSTRING "${text}" ${at} -1 rest)
  string(REGEX MATCHALL "\n  [a-z][a-z0-9-]*" entries "${rest}")
  foreach(entry IN LISTS entries)
    string(STRIP "${entry}" sub)
    set(next ${words} ${sub})
    certreg_write_help("${next}")
  endforeach()
endfunction()

certreg_write_help("")
