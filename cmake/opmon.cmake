# Helpers that give every opmon target the same flags and naming.
#   opmon_library(opmon_common_status SRCS a.cc DEPS absl::status)
#   opmon_executable(opmon-config SRCS main.cc DEPS ...)
#   opmon_test(opmon_common_status_test SRCS a_test.cc DEPS ... [LABELS integration])
#   opmon_fuzzer(config_yaml_fuzzer SRCS f.cc DEPS ... [SEEDS dir...])
#   opmon_service_bench(opmon_x_bench SRCS b.cc DEPS ... SERVICES opmon-statistics)

set(OPMON_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)

if(OPMON_SANITIZE)
  add_compile_options(-fsanitize=${OPMON_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${OPMON_SANITIZE})
endif()

# The flags, then `target_link_libraries(target SCOPE DEPS...)`.
function(_opmon_target_flags target scope)
  target_compile_options(${target} PRIVATE ${OPMON_WARNINGS})
  if(OPMON_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_compile_options(${target} PRIVATE -Wthread-safety)
  endif()
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} ${scope} ${ARGN})
endfunction()

function(opmon_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  _opmon_target_flags(${name} PUBLIC ${ARG_DEPS})
endfunction()

function(opmon_executable name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  _opmon_target_flags(${name} PRIVATE ${ARG_DEPS})
endfunction()

# A benchmark that starts the built services through the integration-test
# harness: the build and source trees are compiled in (OPMON_BENCH_BUILD_DIR,
# OPMON_BENCH_SOURCE_DIR), and building it builds the SERVICES it starts.
function(opmon_service_bench name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;SERVICES" ${ARGN})
  opmon_executable(${name} SRCS ${ARG_SRCS} DEPS ${ARG_DEPS})
  target_compile_definitions(${name} PRIVATE
    OPMON_BENCH_BUILD_DIR="${PROJECT_BINARY_DIR}" OPMON_BENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_dependencies(${name} ${ARG_SERVICES})
endfunction()

function(opmon_test name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  _opmon_target_flags(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  # Tests find the build and source trees through tests/testing (compiled-in
  # paths, overridable with OPMON_BUILD_DIR / OPMON_SOURCE_DIR).
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}")
endfunction()

# SEEDS: source directories whose files start the fuzzer's corpus; listed in
# <binary>.seeds for scripts/run-fuzzers.sh. `opmon_fuzzers` builds them all.
function(opmon_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;SEEDS" ${ARGN})
  if(NOT OPMON_BUILD_FUZZERS)
    return()
  endif()
  add_executable(${name} ${ARG_SRCS})
  _opmon_target_flags(${name} PRIVATE ${ARG_DEPS})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  if(ARG_SEEDS)
    list(TRANSFORM ARG_SEEDS PREPEND "${PROJECT_SOURCE_DIR}/")
    list(JOIN ARG_SEEDS "\n" seeds)
    file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/${name}.seeds" "${seeds}\n")
  endif()
  add_dependencies(opmon_fuzzers ${name})
endfunction()

# libFuzzer needs the coverage instrumentation in every library a fuzzer
# links, not only in the fuzzer's own file.
if(OPMON_BUILD_FUZZERS)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined)
  add_link_options(-fsanitize=address,undefined)
  add_custom_target(opmon_fuzzers)
endif()
