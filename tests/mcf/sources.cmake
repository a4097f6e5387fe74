list(APPEND EMCF_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/test_flow_network.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_mcf_solvers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_spurt_cases.cpp
)
