# opmon_optional_subdirectories(a b c): add each folder that has a CMakeLists.txt.
# Lets independent parts of the tree land one at a time.
function(opmon_optional_subdirectories)
  foreach(dir ${ARGN})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
    endif()
  endforeach()
endfunction()
