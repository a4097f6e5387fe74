list(APPEND EMCF_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/test_connected_components.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_integrate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_integrate_link_parameters.cpp
)
