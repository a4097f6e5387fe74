list(APPEND EMCF_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/test_emcf_spurt.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_emcf_urban.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_temporal_unwrapper.cpp
)
